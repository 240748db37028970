package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: files and numbers from the command line are bounded before otb uses them. */
class OptionLimitsTest {

    @TempDir
    Path dir;

    /** A cells file is read up to its limit, not whole: /dev/zero ran the JVM out of memory. */
    @Test
    void aCellsFileIsReadWithASizeLimit() throws Exception {
        ChildOtb run = ChildOtb.run(List.of("-Xmx64m"), null, dir, "learn", "fixtures/pcaps/modbus/ModbusTCP.pcap",
                "--cells", "/dev/zero", "--db", dir.resolve("x.db").toString(), "-q");
        assertEquals(ExitCode.INPUT, run.exitCode(), run.toString());
        assertTrue(run.oneErrorLine(), run.toString());
        assertEquals("otb: /dev/zero: larger than 4 MiB; not a cells file", run.err().strip());
    }

    /** Durations and offsets are range-checked before arithmetic: overflow was an internal error (exit 4). */
    @Test
    void durationsBeyondTheirRangeAreUsageErrors() {
        String pcap = dir.resolve("x.pcap").toString();
        String db = dir.resolve("m.db").toString();
        CliRun learned = CliRun.run("learn", "fixtures/pcaps/modbus/ModbusTCP.pcap", "--db", db, "-q");
        assertEquals(ExitCode.OK, learned.exitCode(), learned.err());
        for (List<String> args : List.of(List.of("simulate", "--scenario", "plc_stop@99999999h", "-o", pcap),
                List.of("simulate", "--duration", "99999999999h", "-o", pcap),
                List.of("simulate", "--duration", "99999999999999999999h", "-o", pcap),
                List.of("simulate", "--scenario", "scan@PT99999999999999H", "-o", pcap),
                List.of("simulate", "--duration", "PT-5M", "-o", pcap),
                List.of("simulate", "--start", "2262-01-01T00:00:00Z", "-o", pcap),
                List.of("diff", "--db", db, "--since", "999999999d"),
                List.of("analyze", "fixtures/pcaps/modbus/ModbusTCP.pcap", "--db", db, "--dedup-window", "999999999d"))) {
            CliRun run = CliRun.run(args.toArray(String[]::new));
            assertEquals(ExitCode.USAGE, run.exitCode(), args + ": " + run.err());
            assertTrue(run.oneErrorLine(), args + ": " + run.err());
        }
    }
}
