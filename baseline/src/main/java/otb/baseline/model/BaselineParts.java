package otb.baseline.model;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import otb.capture.IpAddress;

/**
 * A baseline cut into the parts a sharded learning learns in (see the runtime's README,
 * "Threads"), and the parts put back together. Part 0 holds what every event may touch — assets,
 * cell progress, the messages and dropped-object counts; part {@code 1 + s} holds what belongs to
 * the servers of shard {@code s} — IP and industrial conversations, point summaries, their
 * correlations and sequence counters, each of which names one server.
 */
public final class BaselineParts {
    private BaselineParts() {
    }

    /**
     * {@code start} cut into {@code 1 + shards} parts (copies: {@code start} is not changed), each
     * within {@code start}'s limits; {@code shardOf} gives the shard (0 ≤ s < shards) of a server.
     */
    public static Baseline[] split(Baseline start, int shards, ToIntFunction<IpAddress> shardOf) {
        BaselineLimits limits = start.limits();
        Baseline[] views = new Baseline[1 + shards];
        for (int i = 0; i < views.length; i++) {
            views[i] = new Baseline(limits);
        }
        Baseline shared = views[0];
        shared.assets.putAll(start.assets);
        shared.cells.putAll(start.cells);
        shared.messages = start.messages;
        shared.droppedObjects = start.droppedObjects;
        start.ipConversations.forEach((key, value) -> views[1 + shardOf.applyAsInt(key.server())].ipConversations.put(key, value));
        start.conversations.forEach((key, value) -> views[1 + shardOf.applyAsInt(key.server())].conversations.put(key, value));
        start.points.forEach((key, value) -> views[1 + shardOf.applyAsInt(key.server())].points.put(key, value));
        start.sequences.forEach((key, value) -> views[1 + shardOf.applyAsInt(key.server())].sequences.put(key, value));
        start.correlations.byPoint.forEach((key, value) ->
                views[1 + shardOf.applyAsInt(key.server())].correlations.byPoint.put(key, value));
        Baseline[] parts = new Baseline[views.length];
        for (int i = 0; i < views.length; i++) {
            // the views share start's objects; a merge into an empty baseline copies them
            parts[i] = views[i].copy();
        }
        return parts;
    }

    /**
     * The parts of a sharded learning merged into one baseline within {@code limits}, when that
     * is the baseline one learner of the whole input would have learned: when no part reached a
     * budget and the whole stays within every budget, no learner ever met a budget and every
     * object was learned in one part from every event it was seen in. Empty when a budget was or
     * would have been reached (the automatic cells' budget is part 0's, whose learner saw every
     * flow in order): which objects one learner kept, and how often it dropped one,
     * depends on the whole input's order, so the caller learns again with one learner. The
     * value-windows budget is the exception: past it the merge gives the sets to the points one
     * learner gave them to ({@link #giveBackValueWindows}).
     */
    public static Optional<Baseline> merge(List<Baseline> parts, BaselineLimits limits) {
        for (Baseline part : parts) {
            if (part.unmergeableBudgetsReachedCount() > 0) {
                return Optional.empty();
            }
        }
        // the parts' objects are taken as they are, not copied: each was learned whole in one part,
        // and a copy is not always byte for byte the original (a timing histogram re-added is encoded
        // otherwise than one recorded value by value)
        Baseline merged = new Baseline(limits);
        for (Baseline part : parts) {
            if (!disjointInto(merged.assets, part.assets) || !disjointInto(merged.ipConversations, part.ipConversations)
                    || !disjointInto(merged.conversations, part.conversations)
                    || !disjointInto(merged.points, part.points) || !disjointInto(merged.sequences, part.sequences)
                    || !disjointInto(merged.correlations.byPoint, part.correlations.byPoint)) {
                throw new IllegalArgumentException("the parts of a sharded learning share an object");
            }
            for (CellProgress cell : part.cells.values()) {
                merged.cell(cell.cell).merge(cell);
            }
            merged.messages += part.messages;
            merged.droppedObjects += part.droppedObjects;
        }
        if (merged.assets.size() > limits.maxAssets() || merged.ipConversations.size() > limits.maxIpConversations()
                || merged.conversations.size() > limits.maxConversations() || merged.points.size() > limits.maxPoints()
                || merged.sequences.size() > Baseline.sequenceCounterBudget(limits)) {
            return Optional.empty();
        }
        Set<IpAddress> servers = new HashSet<>();
        for (PointKey point : merged.points.keySet()) {
            servers.add(point.server());
        }
        // one learner follows the changes of at most maxAssets servers (PointCorrelations)
        if (servers.size() > limits.maxAssets()) {
            return Optional.empty();
        }
        giveBackValueWindows(merged, parts, limits);
        return Optional.of(merged);
    }

    /**
     * Gives the value-window budget to the points one learner would have given it to. One learner
     * gives a set to each point that asks (on its first sampled varied window) while fewer than
     * {@link BaselineLimits#maxValueWindows} points hold one, and refuses the rest at every ask.
     * Each shard did the same with the whole budget for its own points: a point one learner
     * served is among the first askers of its shard too (the shard's askers are a subsequence of
     * the input's), so it was served, from its first ask, as by one learner. Here the points
     * served while learning are put in the input's order of their first ask ({@link
     * ValueSummary#windowOrder}); past the budget (less the sets that came from a snapshot) they
     * lose their set and what it taught, and their asks count as refusals, as one learner's did.
     */
    private static void giveBackValueWindows(Baseline merged, List<Baseline> parts, BaselineLimits limits) {
        List<ValueSummary> served = new java.util.ArrayList<>();
        int kept = 0;
        for (ValueSummary point : merged.points.values()) {
            if (point.fingerprints != null) {
                if (point.windowOrder >= 0) {
                    served.add(point);
                } else {
                    kept++;
                }
            }
        }
        long refusals = 0;
        long firstOrder = Long.MAX_VALUE;
        long firstNanos = 0;
        for (Baseline part : parts) {
            long[] refused = part.valueWindowRefusals();
            if (refused != null) {
                refusals += refused[1];
                if (part.firstWindowRefusal < firstOrder) {
                    firstOrder = part.firstWindowRefusal;
                    firstNanos = refused[0];
                }
            }
        }
        int room = Math.max(0, limits.maxValueWindows() - kept);
        if (served.size() > room) {
            served.sort(java.util.Comparator.comparingLong(point -> point.windowOrder));
            for (ValueSummary point : served.subList(room, served.size())) {
                point.forgetWindows();
                refusals += point.windowAsks;
                if (point.windowOrder < firstOrder) {
                    firstOrder = point.windowOrder;
                    firstNanos = point.windowNanos;
                }
            }
        }
        if (refusals > 0) {
            merged.valueWindowRefusals(firstNanos, refusals, firstOrder);
        }
    }

    /**
     * Whether parts of these sizes ({@link #sizes}, summed over the parts) pass a budget of
     * {@code limits} that {@link #merge} checks: then the merge would refuse, and a sharded
     * learning may stop early. Cheap: sizes of maps.
     */
    public static boolean pastBudget(long[] summed, BaselineLimits limits) {
        return summed[0] > limits.maxAssets() || summed[1] > limits.maxIpConversations()
                || summed[2] > limits.maxConversations() || summed[3] > limits.maxPoints()
                || summed[4] > Baseline.sequenceCounterBudget(limits);
    }

    /** Adds a part's object counts to {@code summed} (5 entries: assets, IP and industrial conversations, points, sequence counters). */
    public static void sizes(Baseline part, long[] summed) {
        summed[0] += part.assets.size();
        summed[1] += part.ipConversations.size();
        summed[2] += part.conversations.size();
        summed[3] += part.points.size();
        summed[4] += part.sequences.size();
    }

    private static <K, V> boolean disjointInto(java.util.Map<K, V> into, java.util.Map<K, V> from) {
        for (java.util.Map.Entry<K, V> entry : from.entrySet()) {
            if (into.putIfAbsent(entry.getKey(), entry.getValue()) != null) {
                return false;
            }
        }
        return true;
    }
}
