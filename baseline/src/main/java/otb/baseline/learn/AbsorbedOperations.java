package otb.baseline.learn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Control, program, stop/start and write-to-new-point operations one learning run absorbed into
 * the baseline, so an operator can review them before trusting it: a baseline learned from a
 * capture that holds a PLC stop or a program download would otherwise accept the next one.
 * Operations of the same kind, route, function and point fold into one entry with a count.
 * Bounded by {@link #MAX_ENTRIES}; past it, further operations are only counted.
 */
public final class AbsorbedOperations {
    /** Budget: distinct entries kept per learning run. */
    public static final int MAX_ENTRIES = 1_000;

    /** What kind of operation was absorbed. */
    public enum Kind {
        /** A program transfer or change (download, upload, block change). */
        PROGRAM,
        /** A CPU stop, start, restart, memory reset or firmware operation. */
        STOP_OR_START,
        /** A control operation (operate, direct operate, command). */
        CONTROL,
        /** A write to a point the baseline had never seen written. */
        WRITE_NEW_POINT;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One absorbed operation and how often it occurred.
     *
     * @param kind       what it is
     * @param client     client address
     * @param server     server address
     * @param protocol   protocol wire name
     * @param unit       unit or station address
     * @param function   function name (the function's effect for stop/start, e.g. {@code stop})
     * @param point      the point written ({@code space:address}), "" when not a write to a point
     * @param firstNanos capture time of the first occurrence
     * @param firstFrame frame number of the first occurrence
     * @param input      the capture file it came from
     * @param count      occurrences
     */
    public record Entry(Kind kind, String client, String server, String protocol, int unit, String function,
                        String point, long firstNanos, long firstFrame, String input, long count) {
    }

    private record Key(Kind kind, String client, String server, String protocol, int unit, String function,
                       String point) {
    }

    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    /** Each entry's first occurrence as a number of the input's event order (for {@link #merge}). */
    private final Map<Key, Long> firstSequences = new LinkedHashMap<>();
    private long notListed;

    /** Records one occurrence, of the input's event number {@code sequence}. */
    void add(Kind kind, String client, String server, String protocol, int unit, String function, String point,
             long nanos, long frame, String input, long sequence) {
        Key key = new Key(kind, client, server, protocol, unit, function, Objects.requireNonNullElse(point, ""));
        Entry entry = entries.get(key);
        if (entry != null) {
            entries.put(key, new Entry(kind, client, server, protocol, unit, function, key.point(), entry.firstNanos(),
                    entry.firstFrame(), entry.input(), entry.count() + 1));
        } else if (entries.size() < MAX_ENTRIES) {
            entries.put(key, new Entry(kind, client, server, protocol, unit, function, key.point(), nanos, frame,
                    input, 1));
            firstSequences.put(key, sequence);
        } else {
            notListed++;
        }
    }

    /**
     * What one learner of the whole input would have absorbed, from the parts of a sharded
     * learning whose shards each saw every occurrence of their entries (an entry's route names
     * one server, and a shard holds all of a server's flows): the entries in order of first
     * occurrence in the whole input, the first {@link #MAX_ENTRIES} of them listed, the others'
     * occurrences counted as not listed — as one learner keeps them.
     */
    static AbsorbedOperations merge(List<AbsorbedOperations> parts) {
        List<Map.Entry<Key, Long>> firsts = new ArrayList<>();
        long notListed = 0;
        for (AbsorbedOperations part : parts) {
            firsts.addAll(part.firstSequences.entrySet());
            notListed += part.notListed;
        }
        firsts.sort(Map.Entry.comparingByValue()); // stable: the entries of one event stay in their order
        AbsorbedOperations merged = new AbsorbedOperations();
        for (Map.Entry<Key, Long> first : firsts) {
            Entry entry = null;
            for (AbsorbedOperations part : parts) {
                entry = part.entries.get(first.getKey());
                if (entry != null) {
                    break;
                }
            }
            if (merged.entries.size() < MAX_ENTRIES) {
                merged.entries.put(first.getKey(), entry);
                merged.firstSequences.put(first.getKey(), first.getValue());
            } else {
                notListed += entry.count();
            }
        }
        merged.notListed = notListed;
        return merged;
    }

    /** The entries in order of first occurrence. */
    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** Operations past {@link #MAX_ENTRIES} distinct entries: counted, not listed. */
    public long notListed() {
        return notListed;
    }

    public boolean isEmpty() {
        return entries.isEmpty() && notListed == 0;
    }
}
