package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad --publish and --kafka values: one line and exit 2, before anything is opened. */
class SiteOptionsTest {
    @TempDir
    Path dir;

    @Test
    void aPublishTargetThatIsNotKafkaHostPortPrefixIsAUsageError() {
        String db = dir.resolve("p.db").toString();
        for (String[] bad : new String[][] {
                {"http://broker:9092/plant", "is not kafka://HOST:PORT[,HOST:PORT]/PREFIX"},
                {"kafka://broker:9092", "has no /PREFIX"},
                {"kafka://broker:99999/plant", "bad port in 'broker:99999'"},
                {"kafka://broker/plant", "bad broker 'broker'"},
                {"kafka://broker:9092/pl ant", "bad topic prefix 'pl ant'"}}) {
            CliRun run = CliRun.run("learn", "fixtures/pcaps/modbus/modbusSmall.pcap", "--db", db, "--publish", bad[0]);
            assertEquals(ExitCode.USAGE, run.exitCode(), bad[0] + ": " + run.err());
            assertTrue(run.oneErrorLine(), run.err());
            assertTrue(run.err().contains(bad[1]), run.err());
        }
        CliRun sensor = CliRun.run("learn", "fixtures/pcaps/modbus/modbusSmall.pcap", "--db", db, "--publish",
                "kafka://broker:9092/plant", "--sensor-id", "a,b");
        assertEquals(ExitCode.USAGE, sensor.exitCode(), sensor.err());
        assertTrue(sensor.oneErrorLine() && sensor.err().contains("bad sensor id 'a,b'"), sensor.err());
    }

    @Test
    void aHubSourceThatIsNotHostPortPrefixIsAUsageError() {
        CliRun run = CliRun.run("hub", "--kafka", "broker:9092", "--db", dir.resolve("site.db").toString());
        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertTrue(run.oneErrorLine() && run.err().contains("--kafka: 'broker:9092' has no /PREFIX"), run.err());
        CliRun poll = CliRun.run("hub", "--kafka", "broker:9092/plant", "--max-poll", "0");
        assertEquals(ExitCode.USAGE, poll.exitCode(), poll.err());
        CliRun keep = CliRun.run("hub", "--kafka", "broker:9092/plant", "--keep-snapshots", "0");
        assertEquals(ExitCode.USAGE, keep.exitCode(), keep.err());
        assertTrue(keep.oneErrorLine() && keep.err().contains("--keep-snapshots 0: use 1..100000"), keep.err());
        CliRun every = CliRun.run("hub", "--kafka", "broker:9092/plant", "--snapshot-every", "hourly");
        assertEquals(ExitCode.USAGE, every.exitCode(), every.err());
        assertTrue(every.oneErrorLine() && every.err().contains("bad duration 'hourly'"), every.err());
    }
}
