package otb.dissect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.IpAddress;

/**
 * One industrial protocol message (request or response), in the form the baseline learns from.
 * Built with {@link #builder}; the baseline uses only the common fields, never {@link #detail()}.
 *
 * <p>Immutable, with the accessors, equality and string form a record of these components would
 * have. It is a final class rather than a record only so that the optional numbers are stored as
 * primitives (one is made per message on the hot path; an {@code OptionalLong} object each would
 * be most of the cost): the {@code Optional} accessors build their value when called.
 *
 * <p>Components:
 * {@code source} input file or interface;
 * {@code frame} 1-based frame number, in its source, of the frame that completed the message;
 * {@code timestampNanos} capture time of that frame, nanoseconds since the epoch;
 * {@code flow} the transport flow;
 * {@code direction} which way the message travelled within the flow;
 * {@code protocol} the protocol;
 * {@code role} request or response (unsolicited reports are responses);
 * {@code unit} station address: Modbus unit id, DNP3 outstation link address, 0 for S7;
 * {@code function} protocol function code (Modbus without the exception bit); empty for
 * link-level frames with no application function;
 * {@code functionName} the function's name as the standard spells it, snake_case;
 * {@code operation} operation class; a response carries its request's class;
 * {@code transactionId} transaction id, application sequence or PDU reference where the protocol
 * has one;
 * {@code exceptionCode} 0, or the protocol's exception/error code on a failed response;
 * {@code exceptionName} "" or the exception's name;
 * {@code ranges} address ranges touched;
 * {@code values} point values carried (read back, or written);
 * {@code identity} asset identity revealed (vendor, product, firmware, ...); usually empty;
 * {@code latencyNanos} request→response time on a paired response;
 * {@code requestFrame} frame number of the paired request, on a paired response;
 * {@code anomalies} stable snake_case anomaly flags;
 * {@code detail} per-protocol fields for output.
 */
public final class OtMessage implements OtEvent {
    private static final int HAS_FUNCTION = 1;
    private static final int HAS_TRANSACTION_ID = 2;
    private static final int HAS_LATENCY = 4;
    private static final int HAS_REQUEST_FRAME = 8;

    private final String source;
    private final long frame;
    private final long timestampNanos;
    private final Flow flow;
    private final Direction direction;
    private final Protocol protocol;
    private final MessageRole role;
    private final int unit;
    private final int function;
    private final String functionName;
    private final OperationClass operation;
    private final long transactionId;
    private final int exceptionCode;
    private final String exceptionName;
    private final List<PointRange> ranges;
    private final List<PointValue> values;
    private final Map<String, String> identity;
    private final long latencyNanos;
    private final long requestFrame;
    private final List<String> anomalies;
    private final ProtocolDetail detail;
    /** Which optional numbers are present: HAS_* bits. */
    private final int present;

    /** All components, as a record's canonical constructor takes them; collections are copied. */
    public OtMessage(String source, long frame, long timestampNanos, Flow flow, Direction direction,
                     Protocol protocol, MessageRole role, int unit, OptionalInt function, String functionName,
                     OperationClass operation, OptionalLong transactionId, int exceptionCode,
                     String exceptionName, List<PointRange> ranges, List<PointValue> values,
                     Map<String, String> identity, OptionalLong latencyNanos, OptionalLong requestFrame,
                     List<String> anomalies, ProtocolDetail detail) {
        this(source, frame, timestampNanos, flow, direction, protocol, role, unit,
                function.orElse(0), functionName, operation, transactionId.orElse(0), exceptionCode, exceptionName,
                // Immutable copies (List.copyOf and Map.copyOf return immutable input as it is).
                List.copyOf(ranges),
                // A PointRun is immutable already: kept as it is, so values cost no object per point.
                values instanceof PointRun ? values : List.copyOf(values),
                Map.copyOf(identity), latencyNanos.orElse(0), requestFrame.orElse(0), List.copyOf(anomalies),
                detail,
                (function.isPresent() ? HAS_FUNCTION : 0) | (transactionId.isPresent() ? HAS_TRANSACTION_ID : 0)
                        | (latencyNanos.isPresent() ? HAS_LATENCY : 0)
                        | (requestFrame.isPresent() ? HAS_REQUEST_FRAME : 0));
    }

    /** The builder's constructor: collections are immutable already. */
    private OtMessage(String source, long frame, long timestampNanos, Flow flow, Direction direction,
                      Protocol protocol, MessageRole role, int unit, int function, String functionName,
                      OperationClass operation, long transactionId, int exceptionCode, String exceptionName,
                      List<PointRange> ranges, List<PointValue> values, Map<String, String> identity,
                      long latencyNanos, long requestFrame, List<String> anomalies, ProtocolDetail detail,
                      int present) {
        this.source = source;
        this.frame = frame;
        this.timestampNanos = timestampNanos;
        this.flow = Objects.requireNonNull(flow, "flow");
        this.direction = direction;
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.role = role;
        this.unit = unit;
        this.function = function;
        this.functionName = functionName;
        this.operation = operation;
        this.transactionId = transactionId;
        this.exceptionCode = exceptionCode;
        this.exceptionName = exceptionName;
        this.ranges = ranges;
        this.values = values;
        this.identity = identity;
        this.latencyNanos = latencyNanos;
        this.requestFrame = requestFrame;
        this.anomalies = anomalies;
        this.detail = detail;
        this.present = present;
    }

    public String source() { return source; }

    public long frame() { return frame; }

    public long timestampNanos() { return timestampNanos; }

    public Flow flow() { return flow; }

    public Direction direction() { return direction; }

    public Protocol protocol() { return protocol; }

    public MessageRole role() { return role; }

    public int unit() { return unit; }

    public OptionalInt function() {
        if ((present & HAS_FUNCTION) == 0) {
            return OptionalInt.empty();
        }
        return function >= 0 && function < FUNCTION_CODES.length ? FUNCTION_CODES[function] : OptionalInt.of(function);
    }

    public String functionName() { return functionName; }

    public OperationClass operation() { return operation; }

    public OptionalLong transactionId() {
        return (present & HAS_TRANSACTION_ID) == 0 ? OptionalLong.empty() : OptionalLong.of(transactionId);
    }

    public int exceptionCode() { return exceptionCode; }

    public String exceptionName() { return exceptionName; }

    public List<PointRange> ranges() { return ranges; }

    public List<PointValue> values() { return values; }

    public Map<String, String> identity() { return identity; }

    public OptionalLong latencyNanos() {
        return (present & HAS_LATENCY) == 0 ? OptionalLong.empty() : OptionalLong.of(latencyNanos);
    }

    public OptionalLong requestFrame() {
        return (present & HAS_REQUEST_FRAME) == 0 ? OptionalLong.empty() : OptionalLong.of(requestFrame);
    }

    public List<String> anomalies() { return anomalies; }

    public ProtocolDetail detail() { return detail; }

    /** Component-wise, as a record's. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof OtMessage that
                && frame == that.frame && timestampNanos == that.timestampNanos && unit == that.unit
                && function == that.function && transactionId == that.transactionId
                && exceptionCode == that.exceptionCode && latencyNanos == that.latencyNanos
                && requestFrame == that.requestFrame && present == that.present
                && Objects.equals(source, that.source) && flow.equals(that.flow)
                && direction == that.direction && protocol == that.protocol && role == that.role
                && Objects.equals(functionName, that.functionName) && operation == that.operation
                && Objects.equals(exceptionName, that.exceptionName) && ranges.equals(that.ranges)
                && values.equals(that.values) && identity.equals(that.identity)
                && anomalies.equals(that.anomalies) && Objects.equals(detail, that.detail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, frame, timestampNanos, flow, direction, protocol, role, unit, function(),
                functionName, operation, transactionId(), exceptionCode, exceptionName, ranges, values, identity,
                latencyNanos(), requestFrame(), anomalies, detail);
    }

    /** As a record's: {@code OtMessage[source=..., frame=..., ...]}. */
    @Override
    public String toString() {
        return "OtMessage[source=" + source + ", frame=" + frame + ", timestampNanos=" + timestampNanos
                + ", flow=" + flow + ", direction=" + direction + ", protocol=" + protocol + ", role=" + role
                + ", unit=" + unit + ", function=" + function() + ", functionName=" + functionName
                + ", operation=" + operation + ", transactionId=" + transactionId()
                + ", exceptionCode=" + exceptionCode + ", exceptionName=" + exceptionName + ", ranges=" + ranges
                + ", values=" + values + ", identity=" + identity + ", latencyNanos=" + latencyNanos()
                + ", requestFrame=" + requestFrame() + ", anomalies=" + anomalies + ", detail=" + detail + "]";
    }

    /** OptionalInt of each byte value, shared: function codes are set on every message. */
    private static final OptionalInt[] FUNCTION_CODES = new OptionalInt[256];

    static {
        for (int code = 0; code < FUNCTION_CODES.length; code++) {
            FUNCTION_CODES[code] = OptionalInt.of(code);
        }
    }

    public IpAddress src() { return flow.source(direction); }

    public IpAddress dst() { return flow.destination(direction); }

    public int srcPort() { return flow.sourcePort(direction); }

    public int dstPort() { return flow.destinationPort(direction); }

    public boolean isException() { return exceptionCode != 0; }

    /** The device that serves the points: the destination of a request, the source of a response. */
    public IpAddress serverAddress() { return role == MessageRole.REQUEST ? dst() : src(); }

    /** The side that asks: the source of a request, the destination of a response. */
    public IpAddress clientAddress() { return role == MessageRole.REQUEST ? src() : dst(); }

    /**
     * Starts a message from the stream position it was completed at.
     */
    public static Builder builder(StreamContext context, Protocol protocol, MessageRole role) {
        return new Builder().start(context, protocol, role);
    }

    public static Builder builder(String source, long frame, long timestampNanos, Flow flow, Direction direction,
                                  Protocol protocol, MessageRole role) {
        return new Builder().start(source, frame, timestampNanos, flow, direction, protocol, role);
    }

    /**
     * A builder for one message after another (one per session, on the hot path): begin each
     * message with {@link Builder#start}. Not thread-safe; the messages built are immutable.
     */
    public static Builder reusableBuilder() {
        Builder builder = new Builder();
        builder.recentRanges = new Object[Builder.RECENT_RANGES];
        return builder;
    }

    /** Collects the optional fields of a message. */
    public static final class Builder {
        /** Single-range lists a reusable builder remembers (a power of two). */
        private static final int RECENT_RANGES = 16;

        private String source;
        private long frame;
        private long timestampNanos;
        private Flow flow;
        private Direction direction;
        private Protocol protocol;
        private MessageRole role;
        private int unit;
        private int function;
        private String functionName;
        private OperationClass operation;
        private long transactionId;
        private int exceptionCode;
        private String exceptionName;
        // Collections are made only when a message has something to put in them (hot path).
        private PointRange firstRange;
        /** The list of {@link #firstRange} alone, when it came from {@link #recentRanges}. */
        private List<PointRange> firstRangeList;
        private List<PointRange> ranges;
        private List<PointValue> values;
        private PointRun run;
        private Map<String, String> identity;
        private long latencyNanos;
        private long requestFrame;
        private List<String> anomalies;
        private ProtocolDetail detail;
        private int present;
        /**
         * Reusable builders only: the single-range lists of recent messages, direct-mapped by
         * range. Polling traffic touches the same few ranges again and again (and a response the
         * range of its request), so its messages share these immutable lists instead of making a
         * range and a list each.
         */
        private Object[] recentRanges;

        private Builder() {
        }

        /** Forgets everything set so far and begins a message at the stream position given. */
        public Builder start(StreamContext context, Protocol protocol, MessageRole role) {
            return start(context.source(), context.frame(), context.timestampNanos(), context.flow(),
                    context.direction(), protocol, role);
        }

        /** Forgets everything set so far and begins a message. */
        public Builder start(String source, long frame, long timestampNanos, Flow flow, Direction direction,
                             Protocol protocol, MessageRole role) {
            this.source = source;
            this.frame = frame;
            this.timestampNanos = timestampNanos;
            this.flow = flow;
            this.direction = direction;
            this.protocol = protocol;
            this.role = role;
            this.unit = 0;
            this.function = 0;
            this.functionName = "";
            this.operation = OperationClass.OTHER;
            this.transactionId = 0;
            this.exceptionCode = 0;
            this.exceptionName = "";
            this.firstRange = null;
            this.firstRangeList = null;
            this.ranges = null;
            this.values = null;
            this.run = null;
            this.identity = null;
            this.latencyNanos = 0;
            this.requestFrame = 0;
            this.anomalies = null;
            this.detail = ProtocolDetail.NONE;
            this.present = 0;
            return this;
        }

        public Builder unit(int unit) { this.unit = unit; return this; }

        public Builder function(int code, String name, OperationClass operation) {
            this.function = code;
            this.present |= HAS_FUNCTION;
            this.functionName = name;
            this.operation = operation;
            return this;
        }

        /** For frames with no application function (link-level frames). */
        public Builder noFunction(String name, OperationClass operation) {
            this.function = 0;
            this.present &= ~HAS_FUNCTION;
            this.functionName = name;
            this.operation = operation;
            return this;
        }

        public Builder operation(OperationClass operation) { this.operation = operation; return this; }

        public Builder transactionId(long id) {
            this.transactionId = id;
            this.present |= HAS_TRANSACTION_ID;
            return this;
        }

        public Builder exception(int code, String name) {
            this.exceptionCode = code;
            this.exceptionName = name;
            return this;
        }

        public Builder range(String space, long start, long count) {
            if (firstRange == null && recentRanges != null) {
                firstRangeList = recentRange(space, start, count);
                firstRange = firstRangeList.get(0);
                return this;
            }
            PointRange range = new PointRange(space, start, count);
            if (firstRange == null) {
                firstRange = range;
                return this;
            }
            if (ranges == null) {
                ranges = new ArrayList<>(4);
                ranges.add(firstRange);
            }
            ranges.add(range);
            return this;
        }

        @SuppressWarnings("unchecked")
        private List<PointRange> recentRange(String space, long start, long count) {
            // Spaces differ in length more than in anything cheaper to read than their hash.
            int hash = (space.length() * 31 + Long.hashCode(start)) * 31 + Long.hashCode(count);
            int slot = (hash ^ (hash >>> 16)) & (RECENT_RANGES - 1);
            List<PointRange> cached = (List<PointRange>) recentRanges[slot];
            if (cached != null) {
                PointRange range = cached.get(0);
                if (range.start() == start && range.count() == count && range.space().equals(space)) {
                    return cached;
                }
            }
            List<PointRange> made = List.of(new PointRange(space, start, count));
            recentRanges[slot] = made;
            return made;
        }

        public Builder value(String space, long address, double value) {
            materialiseRun();
            if (values == null) {
                values = new ArrayList<>();
            }
            values.add(new PointValue(space, address, value));
            return this;
        }

        /** Adds the values of a run of consecutive points, without an object per point. */
        public Builder values(PointRun points) {
            if (points.isEmpty()) {
                return this;
            }
            if (run == null && values == null) {
                run = points;
                return this;
            }
            materialiseRun();
            if (values == null) {
                values = new ArrayList<>(points.size());
            }
            values.addAll(points);
            return this;
        }

        private void materialiseRun() {
            if (run != null) {
                values = new ArrayList<>(run);
                run = null;
            }
        }

        public Builder identity(String key, String value) {
            if (identity == null) {
                identity = new LinkedHashMap<>();
            }
            identity.put(key, value);
            return this;
        }

        /** Marks this response as the answer to a request seen at {@code requestNanos} in {@code frame}. */
        public Builder pairedWith(long requestFrameNumber, long requestNanos) {
            this.requestFrame = requestFrameNumber;
            this.latencyNanos = timestampNanos - requestNanos;
            this.present |= HAS_REQUEST_FRAME | HAS_LATENCY;
            return this;
        }

        public Builder anomaly(String flag) {
            if (anomalies == null) {
                anomalies = new ArrayList<>(2);
            }
            if (!anomalies.contains(flag)) {
                anomalies.add(flag);
            }
            return this;
        }

        public Builder detail(ProtocolDetail detail) { this.detail = detail; return this; }

        public OtMessage build() {
            return new OtMessage(source, frame, timestampNanos, flow, direction, protocol, role, unit, function,
                    functionName, operation, transactionId, exceptionCode, exceptionName,
                    ranges != null ? List.copyOf(ranges)
                            : firstRangeList != null ? firstRangeList
                            : firstRange != null ? List.of(firstRange) : List.of(),
                    run != null ? run : values == null ? List.of() : List.copyOf(values),
                    identity == null ? Map.of() : Map.copyOf(identity),
                    latencyNanos, requestFrame, anomalies == null ? List.of() : List.copyOf(anomalies), detail,
                    present);
        }
    }
}
