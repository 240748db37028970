package otb.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A simulation run into memory, with its labels JSON and the frames re-read from the bytes. */
record SimulatorRun(byte[] pcap, PlantSimulator.Result result, String labelsJson, List<CapturedFrame> frames) {

    static SimulatorRun of(SimulationOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        PlantSimulator.Result result = PlantSimulator.run(options, out);
        StringWriter labels = new StringWriter();
        LabelsJson.write(labels, "test.pcap", "test", options, result);
        byte[] bytes = out.toByteArray();
        return new SimulatorRun(bytes, result, labels.toString(), PcapReader.read(bytes));
    }

    static SimulationOptions options(long seed, String start, Duration duration, String scenarios, boolean midStream) {
        return new SimulationOptions(seed, Instant.parse(start), duration, Long.MAX_VALUE,
                ScenarioRequest.parseList(scenarios), midStream);
    }

    Label label(ScenarioKind kind) {
        return result.labels().stream().filter(label -> label.kind == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no label of kind " + kind.kindName()));
    }

    CapturedFrame frame(int number) {
        return frames.get(number - 1);
    }
}
