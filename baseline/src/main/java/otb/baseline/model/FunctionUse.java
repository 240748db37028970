package otb.baseline.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import otb.dissect.OperationClass;

/**
 * One function used in a conversation: counts, operation class, the address ranges its
 * requests touched, request→response latency, the polling cycle per request signature, and
 * fingerprints of the write/control/program commands sent (for replay detection).
 */
public final class FunctionUse {
    /** Request signatures tracked per function; past it, new signatures are counted only. */
    public static final int MAX_SIGNATURES = 64;
    /** Address spaces tracked per function. */
    public static final int MAX_SPACES = 16;
    /** Command fingerprints kept per function. */
    public static final int MAX_COMMANDS = 256;

    /** Function code, -1 for messages without one. */
    final int code;
    final String name;
    OperationClass operation;
    long requests;
    long responses;
    long exceptions;
    final Map<String, RangeSet> ranges = new TreeMap<>();
    private final Map<String, RangeSet> rangesView = Collections.unmodifiableMap(ranges);
    final TimingSummary latency;
    final List<RequestSignature> signatures = new ArrayList<>(2);
    private final List<RequestSignature> signaturesView = Collections.unmodifiableList(signatures);
    long untrackedSignatures;
    /** Command fingerprint → {connection identity, capture time}; insertion ordered, bounded. */
    final LinkedHashMap<Long, long[]> commands = new LinkedHashMap<>();

    FunctionUse(int code, String name, OperationClass operation, TimingSummary latency) {
        this.code = code;
        this.name = name;
        this.operation = operation;
        this.latency = latency;
    }

    FunctionUse(int code, String name, OperationClass operation) {
        this(code, name, operation, new TimingSummary());
    }

    boolean matches(int otherCode, String otherName) {
        return code == otherCode && (code >= 0 || name.equals(otherName));
    }

    /** Counts a request. */
    public void request() {
        requests++;
    }

    /** Counts a response, and an exception response when {@code exception}. */
    public void response(boolean exception) {
        responses++;
        if (exception) {
            exceptions++;
        }
    }

    /** Records the time from a request to its response, nanoseconds. */
    public void recordLatency(long nanos) {
        latency.recordNanos(nanos);
    }

    /**
     * Adds a range a request touched; returns true when it was new. A new address space past
     * {@link #MAX_SPACES} is not tracked.
     */
    public boolean addRange(String space, long start, long count) {
        RangeSet set = ranges.get(space);
        if (set == null) {
            if (ranges.size() >= MAX_SPACES) {
                return false;
            }
            set = new RangeSet();
            ranges.put(space, set);
        }
        if (set.contains(start, count)) {
            return false;
        }
        set.add(start, count);
        return true;
    }

    /** The learned signature of requests whose first range is this one ("", 0, 0 for none); null when none. */
    public RequestSignature signature(String space, long start, long count) {
        return signature(space, start, count, false);
    }

    public RequestSignature signature(String space, long start, long count, boolean create) {
        for (int i = 0; i < signatures.size(); i++) {
            RequestSignature signature = signatures.get(i);
            if (signature.matches(space, start, count)) {
                return signature;
            }
        }
        if (!create) {
            return null;
        }
        if (signatures.size() >= MAX_SIGNATURES) {
            untrackedSignatures++;
            return null;
        }
        RequestSignature signature = new RequestSignature(space, start, count, new TimingSummary());
        signatures.add(signature);
        return signature;
    }

    /**
     * Connection identity recorded for a command that was sent on more than one connection while
     * learning: the client repeats it as a habit (e.g. a fresh connection per poll), not a replay.
     */
    public static final long SEVERAL_CONNECTIONS = 0;

    /**
     * A write/control/program command learned with this fingerprint ({@link Commands#fingerprint}):
     * {connection identity or {@link #SEVERAL_CONNECTIONS}, capture time}, a copy; null when none.
     */
    public long[] learnedCommand(long fingerprint) {
        long[] command = commands.get(fingerprint);
        return command == null ? null : command.clone();
    }

    /** True when learning saw a command of this function sent on several connections. */
    public boolean repeatsCommandsAcrossConnections() {
        for (long[] command : commands.values()) {
            if (command[0] == SEVERAL_CONNECTIONS) {
                return true;
            }
        }
        return false;
    }

    public void rememberCommand(long fingerprint, long connection, long nanos) {
        long[] earlier = commands.remove(fingerprint);
        long seenOn = earlier != null && earlier[0] != connection ? SEVERAL_CONNECTIONS : connection;
        commands.put(fingerprint, new long[] {seenOn, nanos});
        if (commands.size() > MAX_COMMANDS) {
            Long oldest = commands.keySet().iterator().next();
            commands.remove(oldest);
        }
    }

    void merge(FunctionUse other) {
        requests += other.requests;
        responses += other.responses;
        exceptions += other.exceptions;
        if (operation == OperationClass.OTHER) {
            operation = other.operation;
        }
        for (Map.Entry<String, RangeSet> entry : other.ranges.entrySet()) {
            RangeSet mine = ranges.get(entry.getKey());
            if (mine == null) {
                if (ranges.size() >= MAX_SPACES) {
                    continue;
                }
                mine = new RangeSet();
                ranges.put(entry.getKey(), mine);
            }
            mine.addAll(entry.getValue());
        }
        latency.merge(other.latency);
        for (RequestSignature theirs : other.signatures) {
            RequestSignature mine = signature(theirs.space, theirs.start, theirs.count, true);
            if (mine != null) {
                mine.cycle.merge(theirs.cycle);
                mine.requests += theirs.requests;
            }
        }
        untrackedSignatures += other.untrackedSignatures;
        for (Map.Entry<Long, long[]> command : other.commands.entrySet()) {
            rememberCommand(command.getKey(), command.getValue()[0], command.getValue()[1]);
        }
    }

    public int code() { return code; }

    public String name() { return name; }

    public OperationClass operation() { return operation; }

    public long requests() { return requests; }

    public long responses() { return responses; }

    public long exceptions() { return exceptions; }

    /** Address ranges touched, by address space; a read-only view. */
    public Map<String, RangeSet> ranges() { return rangesView; }

    public TimingSummary latency() { return latency; }

    /** Request signatures in the order first seen; a read-only view. */
    public List<RequestSignature> signatures() { return signaturesView; }

    /** e.g. {@code 3 read_holding_registers}. */
    public String label() {
        return code >= 0 ? code + " " + name : name;
    }
}
