package otb.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import otb.baseline.cells.Cells;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineParts;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.CaptureLimits;
import otb.capture.PacketSource;
import otb.dissect.DissectorConfig;
import otb.dissect.FlowEnded;
import otb.dissect.FlowStarted;
import otb.dissect.Malformed;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;

/**
 * Learning with the baseline stage in shards (see the runtime's README, "Threads"): the caller's
 * thread reads and dissects the files, learns every event's assets ({@link Learner.Part#ASSETS})
 * and routes the event, numbered in the input's order, to the shard of its flow's server; each
 * shard learns the rest ({@link Learner.Part#OBJECTS}) on a thread of its own. At the end the
 * parts merge into the baseline one learner would have learned; when a learning budget was or
 * would have been reached, they do not ({@link BaselineParts#merge}) and the caller learns again
 * with one learner.
 */
final class ShardedLearning {
    /** Name prefix of the shards' threads. */
    static final String SHARD_THREAD = "otb-learn-shard-";

    /** A read's frames and errors, and the learner of the whole input when the parts merged exactly. */
    record Outcome(CaptureFileReader.Result result, Optional<Learner> learner) {
    }

    /**
     * Events between two looks at whether a part reached a budget or the parts together passed
     * one: then the parts cannot merge, and the read stops early instead of going to the end.
     */
    static final int BUDGET_CHECK_EVENTS = 4_096;

    /** Unwinds the reading once the parts cannot merge. */
    private static final class PastBudget extends RuntimeException {
        PastBudget() {
            super("a learning budget was reached", null, false, false);
        }
    }

    /** What the shards tell the routing thread: their object counts, and whether one reached a budget. */
    private static final class ShardSizes {
        final java.util.concurrent.atomic.AtomicLongArray sizes;
        volatile boolean budgetReached;

        ShardSizes(int shards) {
            sizes = new java.util.concurrent.atomic.AtomicLongArray(shards * 5);
        }

        /** Shard {@code s}: publishes its part's counts. */
        void publish(int s, Baseline part) {
            if (part.unmergeableBudgetsReachedCount() > 0) {
                budgetReached = true;
            }
            long[] mine = new long[5];
            BaselineParts.sizes(part, mine);
            for (int k = 0; k < 5; k++) {
                sizes.set(s * 5 + k, mine[k]);
            }
        }

        /** Routing thread: whether the parts cannot merge any more (a budget reached, or passed together). */
        boolean pastBudget(Baseline assets, int shards) {
            if (budgetReached || assets.unmergeableBudgetsReachedCount() > 0) {
                return true;
            }
            long[] summed = new long[5];
            BaselineParts.sizes(assets, summed);
            for (int s = 0; s < shards; s++) {
                for (int k = 0; k < 5; k++) {
                    summed[k] += sizes.get(s * 5 + k);
                }
            }
            return BaselineParts.pastBudget(summed, assets.limits());
        }
    }

    private ShardedLearning() {
    }

    /** The shard (0 ≤ s < shards) of a server's objects: a mix of its address, so that neighbours spread. */
    static int shardOf(IpAddress server, int shards) {
        long mixed = (server.high() * 0x9E3779B97F4A7C15L) ^ (server.low() * 0xC2B2AE3D27D4EB4FL);
        mixed ^= mixed >>> 29;
        mixed *= 0xBF58476D1CE4E5B9L;
        mixed ^= mixed >>> 32;
        return (int) Math.floorMod(mixed, (long) shards);
    }

    private static Flow flowOf(OtEvent event) {
        if (event instanceof OtMessage message) {
            return message.flow();
        } else if (event instanceof FlowStarted started) {
            return started.flow();
        } else if (event instanceof FlowEnded ended) {
            return ended.flow();
        }
        return ((Malformed) event).flow();
    }

    /**
     * Reads {@code files} into {@code shards} shards learning on from {@code start} (not changed).
     * A failure of the reading or of a shard is rethrown here once every shard stopped.
     */
    static Outcome read(List<Path> files, DissectorConfig config, Cells cells, Baseline start,
                        PacketSource.FrameHandler frameObserver, int shards, CaptureLimits limits) {
        Baseline[] parts = BaselineParts.split(start, shards, server -> shardOf(server, shards));
        Learner assets = new Learner(cells, parts[0], Learner.Part.ASSETS);
        Learner[] learners = new Learner[shards];
        EventHandOff[] handOffs = new EventHandOff[shards];
        Thread[] threads = new Thread[shards];
        Throwable[] failures = new Throwable[shards];
        ShardSizes published = new ShardSizes(shards);
        for (int s = 0; s < shards; s++) {
            Learner learner = new Learner(cells, parts[1 + s], Learner.Part.OBJECTS);
            EventHandOff handOff = new EventHandOff();
            learners[s] = learner;
            handOffs[s] = handOff;
            int shard = s;
            Baseline part = parts[1 + s];
            long[] learned = {0};
            threads[s] = new Thread(() -> {
                try {
                    handOff.drainSequenced((event, number) -> {
                        learner.accept(event, number);
                        if (++learned[0] % BUDGET_CHECK_EVENTS == 0) {
                            published.publish(shard, part);
                        }
                    });
                } catch (Throwable e) {
                    failures[shard] = e;
                    handOff.abandon();
                }
            }, SHARD_THREAD + s);
            threads[s].setDaemon(true);
            threads[s].start();
        }
        long[] sequence = {0};
        CaptureFileReader.Result result;
        try {
            result = CaptureFileReader.read(files, config, event -> {
                long number = ++sequence[0];
                assets.accept(event, number);
                handOffs[shardOf(flowOf(event).server(), shards)].accept(event, number);
                if (number % BUDGET_CHECK_EVENTS == 0 && published.pastBudget(parts[0], shards)) {
                    throw new PastBudget();
                }
            }, frameObserver, 1, limits);
        } catch (PastBudget stop) {
            for (EventHandOff handOff : handOffs) {
                handOff.end(stop);
            }
            joinAll(threads);
            Throwable shardFailure = firstFailure(failures, stop);
            if (shardFailure != null) {
                throw rethrowable(shardFailure);
            }
            return new Outcome(new CaptureFileReader.Result(0, List.of()), Optional.empty());
        } catch (RuntimeException | Error e) {
            for (EventHandOff handOff : handOffs) {
                handOff.end(e);
            }
            joinAll(threads);
            Throwable shardFailure = firstFailure(failures, e);
            if (shardFailure != null) {
                throw rethrowable(shardFailure);
            }
            throw e;
        }
        for (EventHandOff handOff : handOffs) {
            handOff.end(null);
        }
        joinAll(threads);
        Throwable shardFailure = firstFailure(failures, null);
        if (shardFailure != null) {
            throw rethrowable(shardFailure);
        }
        List<Baseline> learned = new ArrayList<>(Arrays.asList(parts));
        Optional<Baseline> merged = BaselineParts.merge(learned, start.limits());
        return new Outcome(result, merged.map(baseline -> Learner.merged(cells, baseline, assets, List.of(learners))));
    }

    /** The first shard's own failure: not the producer's {@code told}, which each shard was handed, nor its abandoning. */
    private static Throwable firstFailure(Throwable[] failures, Throwable told) {
        for (Throwable failure : failures) {
            if (failure != null && failure != told && !(failure instanceof EventHandOff.Abandoned)) {
                return failure;
            }
        }
        return null;
    }

    private static RuntimeException rethrowable(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException exception) {
            return exception;
        }
        return new IllegalStateException(failure);
    }

    private static void joinAll(Thread[] threads) {
        for (Thread thread : threads) {
            CaptureFileReader.joinQuietly(thread);
        }
    }
}
