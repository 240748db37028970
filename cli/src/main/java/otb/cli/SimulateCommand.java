package otb.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;

import otb.capture.IoErrors;
import otb.sim.LabelsJson;
import otb.sim.PlantSimulator;
import otb.sim.PlantSize;
import otb.sim.ScenarioRequest;
import otb.sim.SimulationOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code otb simulate}: writes a deterministic plant capture with labelled attack scenarios. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Write a simulated plant capture (Modbus/TCP, DNP3, S7comm and IT background traffic) "
                + "with labelled attack scenarios, and its labels JSON next to it.",
            "The same seed and options always give byte-identical files."},
        footer = {"%nExamples:",
                "  otb simulate --seed 7 --duration 30m --scenario none -o clean.pcap",
                "  otb simulate --seed 7 --duration 30m --mid-stream --scenario plc_stop@5m,scan -o attack.pcap",
                "  otb simulate --seed 1 --packets 10000000 --scenario all -o big.pcap",
                "  otb simulate --cells 20 --devices-per-cell 20 --points-per-device 250 --packets 5000000 -o plant.pcap",
                ExitCode.HELP_SECTION})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of all random choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", description = "Plant time to simulate, e.g. 90s, 10m, 1h30m, PT2H "
            + "(default 10m unless --packets is given).")
    String duration;

    @Option(names = "--packets", description = "Stop after this many frames (for benchmarks); with no --duration "
            + "the plant runs as long as it takes.")
    Long packets;

    @Option(names = "--start", description = "Plant time of the capture start, ISO-8601 UTC (default: ${DEFAULT-VALUE}).",
            defaultValue = "2026-03-02T08:00:00Z")
    String start;

    @Option(names = "--scenario", defaultValue = "none", description = "all, none, or kind[@offset],... "
            + "Kinds: new_device, new_conversation, cross_cell_conversation, new_function_code, new_writer, "
            + "setpoint_out_of_range, plc_stop, program_download, cpu_start, dnp3_cold_restart, "
            + "dnp3_disable_unsolicited, replayed_command, replayed_values, frozen_value, polling_drift, "
            + "silent_channel, request_flood, scan (all: these 18, the demo's); named only: sequence_replay, "
            + "sequence_injection, iec104_setpoint, cip_stop (these two add --more-protocols). Without @offset a kind starts at its default fraction "
            + "of the duration (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--mid-stream", description = "The plant's connections are already open when the capture "
            + "starts (no TCP handshakes or S7 setup), as when a sensor joins a running plant.")
    boolean midStream;

    @Option(names = "--more-protocols", description = "Add an IEC 60870-5-104 substation (10.21.0.0/24) and an "
            + "EtherNet/IP line (10.40.0.0/24) beside the demo plant, the parts the iec104_setpoint and cip_stop "
            + "scenarios attack. The demo plant's own frames stay the same.")
    boolean moreProtocols;

    @Option(names = "--cells", description = "Add this many cells beside the demo plant (1.."
            + PlantSize.MAX_CELLS + "; 172.16.N.0/24, one HMI polling Modbus servers each), for benchmarks and "
            + "sizing. The demo plant's own frames stay the same.")
    Integer cells;

    @Option(names = "--devices-per-cell", defaultValue = "20", description = "Modbus servers in each added cell "
            + "(1.." + PlantSize.MAX_DEVICES_PER_CELL + ", default: ${DEFAULT-VALUE}).")
    int devicesPerCell;

    @Option(names = "--points-per-device", defaultValue = "100", description = "Holding registers each added "
            + "server holds and its HMI reads (1.." + PlantSize.MAX_POINTS_PER_DEVICE + ", default: ${DEFAULT-VALUE}).")
    int pointsPerDevice;

    @Option(names = "--moving", defaultValue = "0.5", description = "Fraction of those registers whose values "
            + "move (noisy analog signals; the rest are constant), 0..1 (default: ${DEFAULT-VALUE}).")
    double moving;

    @Option(names = "--poll-period", defaultValue = "1s", description = "Polling cycle of the added servers "
            + "(default: ${DEFAULT-VALUE}).")
    String pollPeriod;

    @Option(names = {"-o", "--output"}, required = true, description = "The pcap file to write.")
    Path output;

    @Option(names = "--labels", description = "The labels JSON to write (default: the output with "
            + ".labels.json instead of .pcap).")
    Path labels;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        SimulationOptions options;
        try {
            Duration length = duration != null ? ScenarioRequest.parseDuration(duration)
                    : packets != null ? null : Duration.ofMinutes(10);
            List<ScenarioRequest> scenarios = ScenarioRequest.parseList(scenario);
            Instant startTime = Instant.parse(start);
            if (startTime.isBefore(Instant.EPOCH) || startTime.plus(ScenarioRequest.MAX_DURATION)
                    .isAfter(Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L))) {
                // capture times are nanoseconds since 1970 in a long, up to 2262
                throw new IllegalArgumentException("--start " + start + " is outside 1970 .. "
                        + Instant.ofEpochSecond(Long.MAX_VALUE / 1_000_000_000L).minus(ScenarioRequest.MAX_DURATION));
            }
            PlantSize size = cells == null ? null : new PlantSize(cells, devicesPerCell, pointsPerDevice, moving,
                    ScenarioRequest.parseDuration(pollPeriod));
            options = new SimulationOptions(seed, startTime, length, packets != null ? packets : Long.MAX_VALUE,
                    scenarios, midStream, size, moreProtocols);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println("otb simulate: " + e.getMessage());
            return ExitCode.USAGE;
        }
        Path labelsFile = labels != null ? labels : defaultLabels(output);
        long began = System.nanoTime();
        PlantSimulator.Result result;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(output), 1 << 20)) {
            result = PlantSimulator.run(options, out);
        } catch (IOException e) {
            err.println("otb simulate: cannot write " + output + ": " + IoErrors.reason(e));
            return ExitCode.INPUT;
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        try (Writer writer = Files.newBufferedWriter(labelsFile, StandardCharsets.UTF_8)) {
            LabelsJson.write(writer, output.getFileName().toString(), commandLine(), options, result);
        } catch (IOException e) {
            err.println("otb simulate: cannot write " + labelsFile + ": " + IoErrors.reason(e));
            return ExitCode.INPUT;
        }
        err.printf("otb simulate: %d frames, %s .. %s, %d scenario events; %s, %s; %.1f s (%.0f frames/s)%n",
                result.frames(), result.start(), result.end(), result.labels().size(), output, labelsFile, seconds,
                result.frames() / Math.max(seconds, 1e-9));
        err.flush();
        return ExitCode.OK;
    }

    private String commandLine() {
        StringBuilder text = new StringBuilder("otb simulate --seed ").append(seed);
        if (duration != null) {
            text.append(" --duration ").append(duration);
        }
        if (packets != null) {
            text.append(" --packets ").append(packets);
        }
        text.append(" --start ").append(start).append(" --scenario ").append(scenario);
        if (midStream) {
            text.append(" --mid-stream");
        }
        if (moreProtocols) {
            text.append(" --more-protocols");
        }
        if (cells != null) {
            text.append(" --cells ").append(cells).append(" --devices-per-cell ").append(devicesPerCell)
                    .append(" --points-per-device ").append(pointsPerDevice).append(" --moving ").append(moving)
                    .append(" --poll-period ").append(pollPeriod);
        }
        text.append(" -o ").append(output.getFileName());
        return text.toString();
    }

    static Path defaultLabels(Path output) {
        String name = output.getFileName().toString();
        String base = name.endsWith(".pcap") ? name.substring(0, name.length() - 5) : name;
        Path parent = output.toAbsolutePath().getParent();
        return parent.resolve(base + ".labels.json");
    }
}
