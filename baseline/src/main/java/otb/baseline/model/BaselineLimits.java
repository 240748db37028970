package otb.baseline.model;

/**
 * Bounds on the size of a baseline, so memory grows with the plant, never with the input.
 * Past a bound, new objects are counted in {@link Baseline#droppedObjects()} and not learned.
 */
public record BaselineLimits(int maxAssets, int maxConversations, int maxIpConversations, int maxPoints) {
    public static BaselineLimits defaults() {
        return new BaselineLimits(100_000, 200_000, 500_000, 2_000_000);
    }
}
