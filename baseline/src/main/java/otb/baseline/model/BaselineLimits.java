package otb.baseline.model;

/**
 * Budgets on the size of a baseline, so memory grows with the plant, never with the input. Past
 * a budget, new objects of that kind are not learned (counted in {@link Baseline#droppedObjects()}
 * and, per budget, in {@link Baseline#budgetsReached()}); automatic cells past theirs fold into
 * the one cell {@link Baseline#OVERFLOW_CELL}.
 *
 * <p>Memory each needs when full, measured on a 64-bit JVM with compressed references (heap
 * after a full GC divided by the objects learned, README "Budgets"): an asset 398 bytes, an IP
 * conversation 271 bytes, a cell 163 bytes, an industrial conversation with its function, ranges
 * and timing about 3 KiB, a point summary with its stream about 1 KiB since its sums are exact
 * (bench/README.md, issue 21; 542 bytes before), a value-window set 3.1 KiB more. With the
 * defaults, about 110 MiB in all, leaving room in a 256 MiB heap for the capture's flow table (up to 135 MiB with 100,000 open Modbus flows).
 *
 * @param maxAssets          addresses learned as assets ({@value #DEFAULT_ASSETS}: 398 bytes each)
 * @param maxConversations   industrial conversations ({@value #DEFAULT_CONVERSATIONS}: ~3 KiB each)
 * @param maxIpConversations IP conversations ({@value #DEFAULT_IP_CONVERSATIONS}: 271 bytes each)
 * @param maxPoints          point value summaries ({@value #DEFAULT_POINTS}: about 1 KiB each)
 * @param maxAutomaticCells  cells a baseline holds before automatic cells (per VLAN, /24, /64) stop
 *                           being made ({@value #DEFAULT_AUTOMATIC_CELLS}: 163 bytes each)
 * @param maxValueWindows    points with learned value-window fingerprints (replay detection;
 *                           {@value #DEFAULT_VALUE_WINDOWS}: 3.1 KiB each)
 */
public record BaselineLimits(int maxAssets, int maxConversations, int maxIpConversations, int maxPoints,
                             int maxAutomaticCells, int maxValueWindows) {
    public static final int DEFAULT_ASSETS = 50_000;
    public static final int DEFAULT_CONVERSATIONS = 5_000;
    public static final int DEFAULT_IP_CONVERSATIONS = 50_000;
    public static final int DEFAULT_POINTS = 50_000;
    public static final int DEFAULT_AUTOMATIC_CELLS = 4_096;
    public static final int DEFAULT_VALUE_WINDOWS = 4_096;

    public static BaselineLimits defaults() {
        return new BaselineLimits(DEFAULT_ASSETS, DEFAULT_CONVERSATIONS, DEFAULT_IP_CONVERSATIONS, DEFAULT_POINTS,
                DEFAULT_AUTOMATIC_CELLS, DEFAULT_VALUE_WINDOWS);
    }

    public BaselineLimits withMaxPoints(int value) {
        return new BaselineLimits(maxAssets, maxConversations, maxIpConversations, value, maxAutomaticCells,
                maxValueWindows);
    }

    public BaselineLimits withMaxValueWindows(int value) {
        return new BaselineLimits(maxAssets, maxConversations, maxIpConversations, maxPoints, maxAutomaticCells, value);
    }

    public BaselineLimits withMaxAutomaticCells(int value) {
        return new BaselineLimits(maxAssets, maxConversations, maxIpConversations, maxPoints, value, maxValueWindows);
    }
}
