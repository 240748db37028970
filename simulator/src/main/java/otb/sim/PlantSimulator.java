package otb.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import otb.capture.PcapWriter;

/**
 * Entry point of the simulator: writes a pcap of the plant with the requested scenarios and
 * returns the labels of what was injected.
 */
public final class PlantSimulator {
    /** LINKTYPE_ETHERNET. */
    private static final int LINK_TYPE_ETHERNET = 1;
    private static final int SNAP_LENGTH = 65_535;

    private PlantSimulator() {
    }

    /** The outcome of one run. */
    public record Result(long frames, Instant start, Instant end, List<Label> labels, List<Cell> cells,
            List<Host> hosts) {
    }

    /** Runs the simulation, writing classic pcap (nanosecond timestamps) to {@code pcap}. */
    public static Result run(SimulationOptions options, OutputStream pcap) throws IOException {
        long start = toNanos(options.start());
        long end = options.duration() == null ? Long.MAX_VALUE - 1 : start + options.duration().toNanos();
        PcapWriter writer = new PcapWriter(pcap, LINK_TYPE_ETHERNET, SNAP_LENGTH);
        Simulation simulation = new Simulation(writer, end, options.packetLimit());
        Plant plant = new Plant(options.seed());
        // the start time enters the traffic seed: a later capture of the same plant is not a copy
        SplittableRandom root = new SplittableRandom(options.seed() * 0x9E37_79B9_7F4A_7C15L ^ start);
        SplittableRandom traffic = root.split();
        SplittableRandom attacks = root.split();
        plant.populate(simulation, start, traffic, options.midStream());
        if (options.size() != null) {
            // its own random sequences: the demo plant's traffic stays byte for byte the same
            plant.populateExtra(simulation, start, options.size(),
                    new SplittableRandom(options.seed() * 0xBF58_476D_1CE4_E5B9L ^ start), options.midStream());
        }
        if (options.moreProtocols()) {
            // its own random sequence too: the demo plant's frames stay the same
            SplittableRandom more = new SplittableRandom(options.seed() * 0x94D0_49BB_1331_11EBL ^ start);
            plant.more = new MoreProtocols(plant, more);
            plant.more.populate(simulation, start, more, options.midStream());
        }
        Scenarios scenarios = new Scenarios(plant, simulation);
        long span = options.scenarioSpan().toNanos();
        for (ScenarioRequest request : options.scenarios()) {
            // default starts are whole seconds, so labels read cleanly
            long offset = request.offset() != null ? request.offset().toNanos()
                    : Math.round(request.kind().defaultStart() * span / 1e9) * 1_000_000_000L;
            scenarios.inject(request.kind(), start + offset, attacks.split());
        }
        simulation.run();
        writer.flush();
        long last = simulation.framesWritten() == 0 ? start : simulation.lastWrittenTime();
        for (Label label : simulation.labels()) {
            label.clip(last);
        }
        return new Result(simulation.framesWritten(), options.start(), fromNanos(last), simulation.labels(),
                plant.cells, plant.hosts);
    }

    static long toNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static Instant fromNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
