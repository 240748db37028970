package otb.sim;

import java.util.SplittableRandom;

/**
 * The rhythm of one polling loop: a nominal cycle with small Gaussian jitter and rare hiccups,
 * server response delays, the client's delayed-ACK timer and the odd lost request. A polling
 * drift scenario stretches the cycle for a while and labels what it produces; a silent channel
 * scenario suspends it.
 */
final class PollTiming {
    /** One request in this many is lost once and retransmitted. */
    private static final int RETRANSMIT_ONE_IN = 4000;
    /** One cycle in this many is late by 10 to 30 % (a busy HMI). */
    private static final int HICCUP_ONE_IN = 700;
    private static final double JITTER_FRACTION = 0.01;

    private final long period;
    private final long serverDelayMin;
    private final long serverDelayMax;
    private final long ackDelay;
    private final long first;
    private long nominal;
    /** A polling drift: between driftFrom and driftUntil the cycle is this many times longer. */
    private double stretch = 1.0;
    private long driftFrom = Long.MAX_VALUE;
    private long driftUntil = Long.MIN_VALUE;
    private long silentFrom = Long.MAX_VALUE;
    private long silentUntil = Long.MIN_VALUE;
    private Label label;

    /**
     * @param period         nominal cycle, ns
     * @param serverDelayMin shortest processing time of the server, ns
     * @param serverDelayMax longest processing time of the server, ns
     * @param ackDelay       the client's delayed-ACK timer, ns
     * @param first          nominal time of the first cycle, ns since the epoch
     */
    PollTiming(long period, long serverDelayMin, long serverDelayMax, long ackDelay, long first) {
        this.period = period;
        this.serverDelayMin = serverDelayMin;
        this.serverDelayMax = serverDelayMax;
        this.ackDelay = ackDelay;
        this.first = first;
        this.nominal = first;
    }

    /** Nominal time of the first cycle, ns since the epoch. */
    long first() {
        return first;
    }

    /** From {@code from} to {@code until} the cycle is {@code factor} times longer; its frames get {@code label}. */
    void stretch(double factor, long from, long until, Label label) {
        this.stretch = factor;
        this.driftFrom = from;
        this.driftUntil = until;
        this.label = label;
    }

    /** No cycle between {@code from} and {@code until}. */
    void silence(long from, long until) {
        this.silentFrom = from;
        this.silentUntil = until;
    }

    /** The label of a cycle starting at {@code time}, or null when it is normal traffic. */
    Label label(long time) {
        return label != null && time >= driftFrom && time < driftUntil ? label : null;
    }

    long nextNominal() {
        return nominal + currentPeriod(nominal);
    }

    private long currentPeriod(long at) {
        return at >= driftFrom && at < driftUntil ? (long) (period * stretch) : period;
    }

    /** Advances the nominal grid and returns the next step time, never before {@code notBefore}. */
    long schedule(SplittableRandom random, long notBefore) {
        nominal += currentPeriod(nominal);
        if (nominal >= silentFrom && nominal < silentUntil) {
            // a silent channel: skip whole cycles until the silence ends
            long skipped = (silentUntil - nominal + period - 1) / period;
            nominal += skipped * period;
        }
        double jitter = random.nextGaussian() * JITTER_FRACTION;
        jitter = Math.max(-3 * JITTER_FRACTION, Math.min(3 * JITTER_FRACTION, jitter));
        if (random.nextInt(HICCUP_ONE_IN) == 0) {
            jitter += 0.1 + 0.2 * random.nextDouble();
        }
        long next = nominal + (long) (jitter * period);
        return Math.max(next, notBefore + 1_000_000L);
    }

    long serverDelay(SplittableRandom random) {
        return serverDelayMin + random.nextLong(serverDelayMax - serverDelayMin + 1);
    }

    long ackDelay(SplittableRandom random) {
        return ackDelay + random.nextLong(ackDelay / 4 + 1);
    }

    /** Time between receiving a response and sending the next request of the same cycle, ns. */
    long clientGap(SplittableRandom random) {
        return 300_000L + random.nextLong(1_500_000L);
    }

    boolean retransmit(SplittableRandom random) {
        return random.nextInt(RETRANSMIT_ONE_IN) == 0;
    }
}
