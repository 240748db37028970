package otb.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What to simulate.
 *
 * @param seed        seed of every random choice; the same options give byte-identical output
 * @param start       capture time of the first frame (plant time)
 * @param duration    length of the capture in plant time; null for no limit (then
 *                    {@code packetLimit} must be set)
 * @param packetLimit stop after this many frames; {@code Long.MAX_VALUE} for no limit
 * @param scenarios   what to inject, with start offsets from {@code start}
 * @param midStream   the plant's connections are already open when the capture starts (no
 *                    handshakes, no S7 setup), as when a sensor joins a running plant
 * @param size        extra cells, devices and points beside the demo plant; null for the demo
 *                    plant alone
 * @param moreProtocols add the IEC 104 substation and the EtherNet/IP line beside the demo plant
 *                    (implied by a scenario that needs them)
 */
public record SimulationOptions(long seed, Instant start, Duration duration, long packetLimit,
        List<ScenarioRequest> scenarios, boolean midStream, PlantSize size, boolean moreProtocols) {

    /** The demo plant, and the extra cells of {@code size} when not null. */
    public SimulationOptions(long seed, Instant start, Duration duration, long packetLimit,
            List<ScenarioRequest> scenarios, boolean midStream, PlantSize size) {
        this(seed, start, duration, packetLimit, scenarios, midStream, size, false);
    }

    /** The demo plant alone. */
    public SimulationOptions(long seed, Instant start, Duration duration, long packetLimit,
            List<ScenarioRequest> scenarios, boolean midStream) {
        this(seed, start, duration, packetLimit, scenarios, midStream, null, false);
    }

    /** Default plant time of a capture's first frame: Monday 2 March 2026, 08:00 UTC. */
    public static final Instant DEFAULT_START = Instant.parse("2026-03-02T08:00:00Z");
    /** Scenario offsets are fractions of this when only a packet count bounds the capture. */
    public static final Duration NOMINAL_DURATION = Duration.ofMinutes(30);

    public SimulationOptions {
        if (duration == null && packetLimit == Long.MAX_VALUE) {
            throw new IllegalArgumentException("give a duration or a packet count");
        }
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new IllegalArgumentException("duration must be positive: " + duration);
        }
        if (packetLimit < 1) {
            throw new IllegalArgumentException("packet count must be positive: " + packetLimit);
        }
        scenarios = List.copyOf(scenarios);
        for (ScenarioRequest request : scenarios) {
            moreProtocols |= request.kind().needsMoreProtocols();
        }
    }

    /** The duration scenario offsets scale with. */
    Duration scenarioSpan() {
        return duration != null ? duration : NOMINAL_DURATION;
    }
}
