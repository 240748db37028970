package otb.dissect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.IpAddress;

/**
 * One industrial protocol message (request or response), in the form the baseline learns from.
 * Built with {@link #builder}; the baseline uses only the common fields, never {@link #detail()}.
 *
 * <p>Immutable (shared messages aside, below), with the accessors, equality and string form a
 * record of these components would have. It is a final class rather than a record so that the
 * optional numbers are stored as primitives (the {@code Optional} accessors build their value
 * when called) and so that one object can serve as a shared message.
 *
 * <p><b>Shared messages.</b> A protocol session on the hot path may deliver one reused message
 * object per flow direction ({@link Builder#buildShared()}), as the capture engine delivers a reused
 * {@code Packet}: such a message is valid only during the {@code accept} call that delivers it,
 * and its {@link #values()} may read the points straight from the bytes being parsed. A consumer
 * that keeps a message beyond that call keeps {@link #retain()} of it, an immutable copy (for an
 * ordinary message, the message itself). Using a shared message after its call throws
 * {@link IllegalStateException} rather than show another message's fields.
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
    /** What the hot path's {@code buildShared} gives a response paired with its request, and anything else. */
    private static final int PAIRED = HAS_FUNCTION | HAS_TRANSACTION_ID | HAS_REQUEST_FRAME | HAS_LATENCY;
    private static final int UNPAIRED = HAS_FUNCTION | HAS_TRANSACTION_ID;

    private String source;
    private long frame;
    private long timestampNanos;
    private Flow flow;
    private Direction direction;
    private Protocol protocol;
    private MessageRole role;
    private int unit;
    private int function;
    /** The function's name, operation class and points, shared by the messages of one PDU. */
    private MessageParts parts;
    private long transactionId;
    private int exceptionCode;
    private String exceptionName;
    private List<PointValue> values;
    private Map<String, String> identity;
    private long latencyNanos;
    private long requestFrame;
    private List<String> anomalies;
    private ProtocolDetail detail;
    /** Which optional numbers are present: HAS_* bits. */
    private int present;
    /** Made by {@link Builder#buildShared()}: refilled for every message of one session. */
    private final boolean shared;
    /** A shared message outside the call that delivered it. */
    private boolean expired;
    /** Makes {@link #detail} on first use when it is null (see {@link Builder#detail(Supplier)}). */
    private Supplier<? extends ProtocolDetail> detailSource;

    /** All components, as a record's canonical constructor takes them; collections are copied. */
    public OtMessage(String source, long frame, long timestampNanos, Flow flow, Direction direction,
                     Protocol protocol, MessageRole role, int unit, OptionalInt function, String functionName,
                     OperationClass operation, OptionalLong transactionId, int exceptionCode,
                     String exceptionName, List<PointRange> ranges, List<PointValue> values,
                     Map<String, String> identity, OptionalLong latencyNanos, OptionalLong requestFrame,
                     List<String> anomalies, ProtocolDetail detail) {
        this(source, frame, timestampNanos, flow, direction, protocol, role, unit,
                function.orElse(0), new MessageParts(functionName, operation, ranges), transactionId.orElse(0),
                exceptionCode, exceptionName,
                // Immutable copies (List.copyOf and Map.copyOf return immutable input as it is).
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
                      Protocol protocol, MessageRole role, int unit, int function, MessageParts parts,
                      long transactionId, int exceptionCode, String exceptionName,
                      List<PointValue> values, Map<String, String> identity,
                      long latencyNanos, long requestFrame, List<String> anomalies, ProtocolDetail detail,
                      int present) {
        this.shared = false;
        this.source = source;
        this.frame = frame;
        this.timestampNanos = timestampNanos;
        this.flow = Objects.requireNonNull(flow, "flow");
        this.direction = direction;
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.role = role;
        this.unit = unit;
        this.function = function;
        this.parts = Objects.requireNonNull(parts, "parts");
        this.transactionId = transactionId;
        this.exceptionCode = exceptionCode;
        this.exceptionName = exceptionName;
        this.values = values;
        this.identity = identity;
        this.latencyNanos = latencyNanos;
        this.requestFrame = requestFrame;
        this.anomalies = anomalies;
        this.detail = detail;
        this.present = present;
    }

    /** A shared message, filled by its builder before each delivery. */
    private OtMessage() {
        this.shared = true;
        this.expired = true;
        this.parts = MessageParts.NONE;
        this.exceptionName = "";
        this.values = List.of();
        this.identity = Map.of();
        this.anomalies = List.of();
        this.detail = ProtocolDetail.NONE;
    }

    /**
     * This message in a form that outlives the call that delivered it: the message itself, or,
     * for a shared message, an immutable copy (values copied out of the parsed bytes, detail
     * decoded). Call it during that call.
     */
    @Override
    public OtMessage retain() {
        live();
        if (!shared) {
            return this;
        }
        List<PointValue> resolved = values();
        return new OtMessage(source, frame, timestampNanos, flow, direction, protocol, role, unit, function,
                parts, transactionId, exceptionCode, exceptionName,
                resolved instanceof PointWindow window ? window.copy() : resolved, identity, latencyNanos,
                requestFrame, anomalies, detail(), present);
    }

    /** True for a reused message, valid only during the call that delivered it (see {@link #retain()}). */
    public boolean isShared() {
        return shared;
    }

    private void live() {
        if (expired) {
            throw new IllegalStateException("a shared OtMessage was used after the call that delivered it;"
                    + " keep retain() of it instead");
        }
    }

    public String source() { live(); return source; }

    public long frame() { live(); return frame; }

    public long timestampNanos() { live(); return timestampNanos; }

    public Flow flow() { live(); return flow; }

    public Direction direction() { live(); return direction; }

    public Protocol protocol() { live(); return protocol; }

    public MessageRole role() { live(); return role; }

    public int unit() { live(); return unit; }

    public OptionalInt function() {
        live();
        if ((present & HAS_FUNCTION) == 0) {
            return OptionalInt.empty();
        }
        return function >= 0 && function < FUNCTION_CODES.length ? FUNCTION_CODES[function] : OptionalInt.of(function);
    }

    public String functionName() { live(); return parts.functionName(); }

    public OperationClass operation() { live(); return parts.operation(); }

    public OptionalLong transactionId() {
        live();
        return (present & HAS_TRANSACTION_ID) == 0 ? OptionalLong.empty() : OptionalLong.of(transactionId);
    }

    public int exceptionCode() { live(); return exceptionCode; }

    public String exceptionName() { live(); return exceptionName; }

    public List<PointRange> ranges() { live(); return parts.ranges(); }

    public List<PointValue> values() {
        live();
        // The message's own values, or those its parts carry (a request's, shared).
        List<PointValue> own = values;
        return own != null ? own : parts.values();
    }

    public Map<String, String> identity() { live(); return identity; }

    public OptionalLong latencyNanos() {
        live();
        return (present & HAS_LATENCY) == 0 ? OptionalLong.empty() : OptionalLong.of(latencyNanos);
    }

    public OptionalLong requestFrame() {
        live();
        return (present & HAS_REQUEST_FRAME) == 0 ? OptionalLong.empty() : OptionalLong.of(requestFrame);
    }

    public List<String> anomalies() { live(); return anomalies; }

    public ProtocolDetail detail() {
        live();
        // The message's own detail, made now if it is made on demand, or the one its parts carry.
        if (detail == null) {
            if (detailSource == null) {
                return parts.detail();
            }
            detail = detailSource.get();
            detailSource = null;
        }
        return detail;
    }

    /** Component-wise, as a record's. */
    @Override
    public boolean equals(Object other) {
        live();
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
                && parts.functionName().equals(that.parts.functionName())
                && parts.operation() == that.parts.operation() && parts.ranges().equals(that.parts.ranges())
                && Objects.equals(exceptionName, that.exceptionName)
                && values().equals(that.values()) && identity.equals(that.identity)
                && anomalies.equals(that.anomalies) && Objects.equals(detail(), that.detail());
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, frame, timestampNanos, flow, direction, protocol, role, unit, function(),
                parts.functionName(), parts.operation(), transactionId(), exceptionCode, exceptionName, parts.ranges(),
                values(), identity,
                latencyNanos(), requestFrame(), anomalies, detail());
    }

    /** As a record's: {@code OtMessage[source=..., frame=..., ...]}. */
    @Override
    public String toString() {
        return "OtMessage[source=" + source + ", frame=" + frame + ", timestampNanos=" + timestampNanos
                + ", flow=" + flow + ", direction=" + direction + ", protocol=" + protocol + ", role=" + role
                + ", unit=" + unit + ", function=" + function() + ", functionName=" + parts.functionName()
                + ", operation=" + parts.operation() + ", transactionId=" + transactionId()
                + ", exceptionCode=" + exceptionCode + ", exceptionName=" + exceptionName
                + ", ranges=" + parts.ranges()
                + ", values=" + values() + ", identity=" + identity + ", latencyNanos=" + latencyNanos()
                + ", requestFrame=" + requestFrame() + ", anomalies=" + anomalies + ", detail=" + detail() + "]";
    }

    /** OptionalInt of each byte value, shared: function codes are set on every message. */
    private static final OptionalInt[] FUNCTION_CODES = new OptionalInt[256];

    static {
        for (int code = 0; code < FUNCTION_CODES.length; code++) {
            FUNCTION_CODES[code] = OptionalInt.of(code);
        }
    }

    public IpAddress src() { live(); return flow.source(direction); }

    public IpAddress dst() { live(); return flow.destination(direction); }

    public int srcPort() { live(); return flow.sourcePort(direction); }

    public int dstPort() { live(); return flow.destinationPort(direction); }

    public boolean isException() { live(); return exceptionCode != 0; }

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
     * message with {@link Builder#start}. Not thread-safe; the messages {@link Builder#build()}
     * makes are immutable.
     */
    public static Builder reusableBuilder() {
        Builder builder = new Builder();
        builder.recentRanges = new Object[Builder.RECENT_RANGES];
        return builder;
    }

    /**
     * Collects the fields of a message. The common fields are written straight into a draft
     * message, which {@link #buildShared()} hands out as it is and {@link #build()} copies. On
     * the hot path one builder serves every message of a session, so a field that keeps its
     * value from one message to the next (the source, the flow, the protocol...) is not written
     * again: a reference store into a long-lived object costs a garbage collector barrier.
     */
    public static final class Builder {
        /** Single-range lists a reusable builder remembers (a power of two). */
        private static final int RECENT_RANGES = 16;

        /** The empty collections a shared message holds when it has none (compared by reference). */
        private static final Map<String, String> NO_IDENTITY = Map.of();
        private static final List<String> NO_ANOMALIES = List.of();
        private static final int SET_NAME = 1;
        private static final int SET_OPERATION = 2;
        private static final int SET_EXCEPTION_NAME = 4;
        private static final int SET_DETAIL = 8;

        /** The message being built; handed out by {@link #buildShared()}. */
        private final OtMessage draft = new OtMessage();
        /**
         * Which of the draft's reference fields with a default were set since {@link #start}
         * (SET_* bits): the others get their default when the message is built. Resetting them
         * at start instead would store twice for each message.
         */
        private int set;
        /** The function's name and operation class set since {@link #start} (see {@link #set}). */
        private String functionName = "";
        private OperationClass operation = OperationClass.OTHER;
        /** The parts the last message got: the next one with the same name, class and ranges shares them. */
        private MessageParts lastParts = MessageParts.NONE;
        /**
         * The draft may hold an exception name, identity or anomalies: {@link #buildShared()}
         * made it; the hot path's {@code buildShared} resets them then.
         */
        private boolean extras;
        // Collections are made only when a message has something to put in them (hot path).
        /** The ranges so far as one immutable list (one range, or a list given whole); or null. */
        private List<PointRange> rangeList;
        /** The ranges so far when they are more than {@link #rangeList} could hold; or null. */
        private List<PointRange> ranges;
        private List<PointValue> values;
        /** The one run of values, when there is just one: a {@link PointRun} or a {@link PointWindow}. */
        private List<PointValue> run;
        private Map<String, String> identity;
        private List<String> anomalies;
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
            OtMessage d = draft;
            d.expired = true;
            if (d.flow != flow || d.source != source || d.direction != direction || d.protocol != protocol
                    || d.role != role) {
                place(source, flow, direction, protocol, role);
            }
            d.frame = frame;
            d.timestampNanos = timestampNanos;
            d.unit = 0;
            d.function = 0;
            d.transactionId = 0;
            d.exceptionCode = 0;
            d.latencyNanos = 0;
            d.requestFrame = 0;
            d.present = 0;
            set = 0;
            // The builder's own collections: nulls, which cost no barrier.
            rangeList = null;
            ranges = null;
            values = null;
            run = null;
            identity = null;
            anomalies = null;
            return this;
        }

        private void setFunctionName(String name) {
            set |= SET_NAME;
            functionName = name;
        }

        private void setOperation(OperationClass operation) {
            set |= SET_OPERATION;
            this.operation = operation;
        }

        private void setExceptionName(String name) {
            set |= SET_EXCEPTION_NAME;
            if (draft.exceptionName != name) {
                draft.exceptionName = name;
            }
        }

        private void setDetail(ProtocolDetail detail, Supplier<? extends ProtocolDetail> source) {
            set |= SET_DETAIL;
            if (draft.detail != detail) {
                draft.detail = detail;
            }
            if (draft.detailSource != source) {
                draft.detailSource = source;
            }
        }

        /** Gives the fields not set since {@link #start} their default. */
        private void defaults() {
            if ((set & SET_NAME) == 0) {
                setFunctionName("");
            }
            if ((set & SET_OPERATION) == 0) {
                setOperation(OperationClass.OTHER);
            }
            if ((set & SET_EXCEPTION_NAME) == 0) {
                setExceptionName("");
            }
            if ((set & SET_DETAIL) == 0) {
                setDetail(ProtocolDetail.NONE, null);
            }
        }

        public Builder unit(int unit) { draft.unit = unit; return this; }

        public Builder function(int code, String name, OperationClass operation) {
            draft.function = code;
            draft.present |= HAS_FUNCTION;
            setFunctionName(name);
            setOperation(operation);
            return this;
        }

        /** For frames with no application function (link-level frames). */
        public Builder noFunction(String name, OperationClass operation) {
            draft.function = 0;
            draft.present &= ~HAS_FUNCTION;
            setFunctionName(name);
            setOperation(operation);
            return this;
        }

        public Builder operation(OperationClass operation) { setOperation(operation); return this; }

        public Builder transactionId(long id) {
            draft.transactionId = id;
            draft.present |= HAS_TRANSACTION_ID;
            return this;
        }

        public Builder exception(int code, String name) {
            draft.exceptionCode = code;
            setExceptionName(name);
            return this;
        }

        public Builder range(String space, long start, long count) {
            if (rangeList == null && ranges == null) {
                rangeList = recentRanges != null ? recentRange(space, start, count)
                        : List.of(new PointRange(space, start, count));
                return this;
            }
            growableRanges().add(new PointRange(space, start, count));
            return this;
        }

        /** Adds the ranges of an immutable list, kept as it is when they are the message's only ranges. */
        public Builder ranges(List<PointRange> given) {
            if (given.isEmpty()) {
                return this;
            }
            if (rangeList == null && ranges == null) {
                rangeList = given;
                return this;
            }
            growableRanges().addAll(given);
            return this;
        }

        private List<PointRange> growableRanges() {
            if (ranges == null) {
                ranges = new ArrayList<>(4);
                ranges.addAll(rangeList);
                rangeList = null;
            }
            return ranges;
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

        /**
         * Adds the values of an immutable list, kept as it is when they are the message's only
         * values: a {@link PointRun} (no object per point), or a {@link PointWindow} read in place
         * from the bytes being parsed (kept by {@link #buildShared()}; {@link #build()} copies it).
         */
        public Builder values(List<PointValue> points) {
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
            draft.requestFrame = requestFrameNumber;
            draft.latencyNanos = draft.timestampNanos - requestNanos;
            draft.present |= HAS_REQUEST_FRAME | HAS_LATENCY;
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

        public Builder detail(ProtocolDetail detail) {
            setDetail(detail, null);
            return this;
        }

        /**
         * The detail, made only if someone asks for it: by {@link #build()} at once, by a shared
         * message when its {@link OtMessage#detail()} is first called (during its delivery, so
         * {@code source} may read the bytes being parsed).
         */
        public Builder detail(Supplier<? extends ProtocolDetail> source) {
            setDetail(null, Objects.requireNonNull(source, "source"));
            return this;
        }

        /**
         * The hot path's whole message in one call: as {@link #start(StreamContext, Protocol,
         * MessageRole)}, {@link #unit}, {@link #transactionId}, {@link #function} and {@link #ranges}
         * (as {@code parts}, which a dissector works out once per distinct PDU),
         * {@link #values(List)}, {@link #detail} and, unless {@code requestFrame} is -1,
         * {@link #pairedWith}, then {@link #buildShared()}: no exception, identity or anomaly.
         * The lists are immutable or a {@link PointWindow}; {@code values} may be null when the
         * parts carry them, and {@code detail} when {@code detailSource} is given or the parts
         * carry it. Polling traffic repeats most of these from one message of
         * a direction to the next, so this writes little but the numbers.
         */
        public OtMessage buildShared(StreamContext context, Protocol protocol, MessageRole role, int unit,
                                     long transactionId, int function, MessageParts parts, List<PointValue> values,
                                     ProtocolDetail detail, Supplier<? extends ProtocolDetail> detailSource,
                                     long requestFrame, long requestNanos) {
            // Kept small enough for the JIT to inline into the session: what rarely changes is
            // handled out of line.
            OtMessage d = draft;
            if (d.flow != context.flow() || d.source != context.source() || d.direction != context.direction()
                    || d.protocol != protocol || d.role != role) {
                place(context.source(), context.flow(), context.direction(), protocol, role);
            }
            if (extras) {
                clearExtras();
            }
            long timestampNanos = context.timestampNanos();
            d.frame = context.frame();
            d.timestampNanos = timestampNanos;
            d.unit = unit;
            d.function = function;
            d.transactionId = transactionId;
            // A builder's messages are mostly all requests or all responses: what that decides is
            // stored only when it changes (the exception code is reset with the extras). A field
            // whose bit is not present is 0 (start and pairedWith keep that).
            if (requestFrame != -1) {
                d.requestFrame = requestFrame;
                d.latencyNanos = timestampNanos - requestNanos;
                if (d.present != PAIRED) {
                    d.present = PAIRED;
                }
            } else if (d.present != UNPAIRED) {
                d.present = UNPAIRED;
                d.requestFrame = 0;
                d.latencyNanos = 0;
            }
            if (d.parts != parts) {
                d.parts = parts;
            }
            if (d.values != values) {
                d.values = values;
            }
            if (d.detail != detail) {
                d.detail = detail;
            }
            if (d.detailSource != detailSource) {
                d.detailSource = detailSource;
            }
            d.expired = false;
            return d;
        }

        /**
         * The draft's source, flow, direction, protocol and role, when one of them changes (a
         * reference store into the long-lived draft costs a garbage collector barrier).
         */
        private void place(String source, Flow flow, Direction direction, Protocol protocol, MessageRole role) {
            OtMessage d = draft;
            d.source = source;
            d.flow = Objects.requireNonNull(flow, "flow");
            d.direction = direction;
            d.protocol = Objects.requireNonNull(protocol, "protocol");
            d.role = role;
        }

        /** The draft's exception name, identity and anomalies back to none (see {@link #extras}). */
        private void clearExtras() {
            draft.exceptionCode = 0;
            draft.exceptionName = "";
            draft.identity = NO_IDENTITY;
            draft.anomalies = NO_ANOMALIES;
            extras = false;
        }

        /**
         * Completes the draft and returns it, for the hot path: one message object for every
         * message this builder makes, valid only until {@link #expireShared()}, which the session
         * calls as soon as the consumer's {@code accept} returns (see {@link OtMessage#retain()}).
         */
        public OtMessage buildShared() {
            defaults();
            extras = true;
            OtMessage d = draft;
            MessageParts builtParts = parts();
            if (d.parts != builtParts) {
                d.parts = builtParts;
            }
            List<PointValue> builtValues = run != null ? run : values == null ? List.of() : List.copyOf(values);
            if (d.values != builtValues) {
                d.values = builtValues;
            }
            Map<String, String> builtIdentity = identity == null ? Map.of() : Map.copyOf(identity);
            if (d.identity != builtIdentity) {
                d.identity = builtIdentity;
            }
            List<String> builtAnomalies = anomalies == null ? List.of() : List.copyOf(anomalies);
            if (d.anomalies != builtAnomalies) {
                d.anomalies = builtAnomalies;
            }
            d.expired = false;
            return d;
        }

        /** The message {@link #buildShared()} returned last, while it is valid. */
        public OtMessage shared() {
            return draft;
        }

        /** Ends the validity of the message {@link #buildShared()} returned last. */
        public void expireShared() {
            draft.expired = true;
        }

        private List<PointRange> ranges() {
            return ranges != null ? List.copyOf(ranges) : rangeList != null ? rangeList : List.of();
        }

        /** The name, class and ranges set since {@link #start}: the last message's parts when they are the same. */
        private MessageParts parts() {
            List<PointRange> builtRanges = ranges();
            MessageParts last = lastParts;
            if (last.functionName() == functionName && last.operation() == operation
                    && last.ranges() == builtRanges) {
                return last;
            }
            MessageParts made = new MessageParts(functionName, operation, builtRanges);
            lastParts = made;
            return made;
        }

        /** The ranges added since {@link #start}, as {@link #build()} would give them, without building. */
        public List<PointRange> builtRanges() {
            return ranges();
        }

        /**
         * The values added since {@link #start}, as {@link #build()} would give them (values read
         * in place copied out), without building.
         */
        public List<PointValue> builtValues() {
            return run instanceof PointWindow window ? window.copy()
                    : run != null ? run : values == null ? List.of() : List.copyOf(values);
        }

        /** An immutable message of the fields set since {@link #start}. */
        public OtMessage build() {
            defaults();
            OtMessage d = draft;
            return new OtMessage(d.source, d.frame, d.timestampNanos, d.flow, d.direction, d.protocol, d.role,
                    d.unit, d.function, parts(), d.transactionId, d.exceptionCode,
                    d.exceptionName, builtValues(),
                    identity == null ? Map.of() : Map.copyOf(identity),
                    d.latencyNanos, d.requestFrame, anomalies == null ? List.of() : List.copyOf(anomalies),
                    d.detail != null ? d.detail : d.detailSource.get(), d.present);
        }
    }
}
