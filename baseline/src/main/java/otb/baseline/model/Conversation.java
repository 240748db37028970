package otb.baseline.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import otb.capture.Transport;
import otb.dissect.OperationClass;

/** What was learned about one industrial conversation. */
public final class Conversation {
    /** Functions tracked per conversation; past it, new functions are counted only. */
    public static final int MAX_FUNCTIONS = 64;

    final ConversationKey key;
    final Transport transport;
    final int serverPort;
    final String clientCell;
    final String serverCell;
    long requests;
    long responses;
    long exceptions;
    long malformed;
    /** Most requests seen within one second of capture time. */
    long peakRequestsPerSecond;
    long firstSeenNanos;
    long lastSeenNanos;
    long untrackedFunctions;
    /** Largest transaction id or sequence number seen, -1 when none: how large its id space is. */
    long largestTransactionId = -1;
    final List<FunctionUse> functions = new ArrayList<>(4);
    private final List<FunctionUse> functionsView = Collections.unmodifiableList(functions);

    // learning state, not persisted
    private long currentSecond = Long.MIN_VALUE;
    private long requestsThisSecond;
    /** The streams of the last few value layouts it sent ({@link Baseline#addValues}). */
    final PointShapes pointShapes = new PointShapes();
    /** Learning state per point this conversation carries values of; grows with the baseline's points. */
    final Map<PointKey, PointStream> pointStreams = new HashMap<>();

    /**
     * A point as this conversation sees it: the conversation's sequence of its values (what it
     * extends), its summary, and the point's pairing state for {@link PointCorrelations} (found
     * once, then kept here).
     */
    static final class PointStream extends ValueSummary.Stream {
        final ValueSummary summary;
        /** The point's correlation, its handle for pairing ({@link PointCorrelations#handle}). */
        final PointCorrelation correlation;

        PointStream(ValueSummary summary, PointCorrelation correlation) {
            this.summary = summary;
            this.correlation = correlation;
        }
    }

    Conversation(ConversationKey key, Transport transport, int serverPort, String clientCell, String serverCell) {
        this.key = key;
        this.transport = transport;
        this.serverPort = serverPort;
        this.clientCell = clientCell;
        this.serverCell = serverCell;
    }

    /** The function learned with this code (or, for functions without a code, this name); null when none. */
    public FunctionUse function(int code, String name) {
        for (int i = 0; i < functions.size(); i++) {
            FunctionUse use = functions.get(i);
            if (use.matches(code, name)) {
                return use;
            }
        }
        return null;
    }

    public FunctionUse addFunction(int code, String name, OperationClass operation) {
        if (functions.size() >= MAX_FUNCTIONS) {
            untrackedFunctions++;
            return null;
        }
        FunctionUse use = new FunctionUse(code, name, operation);
        functions.add(use);
        return use;
    }

    /** Seen at capture time {@code nanos}: moves last seen forward. */
    public void seen(long nanos) {
        lastSeenNanos = Math.max(lastSeenNanos, nanos);
    }

    /** A message carried this transaction id or sequence number. */
    public void seenTransactionId(long transactionId) {
        largestTransactionId = Math.max(largestTransactionId, transactionId);
    }

    /** Counts a request at capture time {@code nanos}, and towards the per-second peak. */
    public void request(long nanos) {
        requests++;
        countRequestRate(nanos);
    }

    /** Counts a response, and an exception response when {@code exception}. */
    public void response(boolean exception) {
        responses++;
        if (exception) {
            exceptions++;
        }
    }

    /** Counts a message that broke its protocol. */
    public void countMalformed() {
        malformed++;
    }

    private void countRequestRate(long nanos) {
        long second = Math.floorDiv(nanos, 1_000_000_000L);
        if (second != currentSecond) {
            currentSecond = second;
            requestsThisSecond = 0;
        }
        requestsThisSecond++;
        peakRequestsPerSecond = Math.max(peakRequestsPerSecond, requestsThisSecond);
    }

    /** True when any request of this conversation changed data, outputs or the program. */
    public boolean writes() {
        for (FunctionUse use : functions) {
            if (use.requests > 0 && Commands.isChange(use.operation)) {
                return true;
            }
        }
        return false;
    }

    void merge(Conversation other) {
        requests += other.requests;
        responses += other.responses;
        exceptions += other.exceptions;
        malformed += other.malformed;
        peakRequestsPerSecond = Math.max(peakRequestsPerSecond, other.peakRequestsPerSecond);
        firstSeenNanos = Baseline.earliest(firstSeenNanos, other.firstSeenNanos);
        lastSeenNanos = Math.max(lastSeenNanos, other.lastSeenNanos);
        untrackedFunctions += other.untrackedFunctions;
        largestTransactionId = Math.max(largestTransactionId, other.largestTransactionId);
        for (FunctionUse theirs : other.functions) {
            FunctionUse mine = function(theirs.code, theirs.name);
            if (mine == null) {
                mine = addFunction(theirs.code, theirs.name, theirs.operation);
            }
            if (mine != null) {
                mine.merge(theirs);
            }
        }
    }

    public ConversationKey key() { return key; }

    public Transport transport() { return transport; }

    public int serverPort() { return serverPort; }

    public String clientCell() { return clientCell; }

    public String serverCell() { return serverCell; }

    public boolean crossCell() { return !clientCell.equals(serverCell); }

    public long requests() { return requests; }

    public long responses() { return responses; }

    public long exceptions() { return exceptions; }

    public long malformed() { return malformed; }

    public long peakRequestsPerSecond() { return peakRequestsPerSecond; }

    /** Largest transaction id or sequence number seen, -1 when none. */
    public long largestTransactionId() { return largestTransactionId; }

    public long firstSeenNanos() { return firstSeenNanos; }

    public long lastSeenNanos() { return lastSeenNanos; }

    /** Functions in the order first seen; a read-only view. */
    public List<FunctionUse> functions() { return functionsView; }
}
