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
 * One industrial protocol message (request or response), in the form the baseline learns from:
 * an immutable value that anyone may keep. Built with {@link #builder}; the baseline uses only the
 * common fields, never {@link #detail()}.
 *
 * @param source         input file or interface
 * @param frame          1-based frame number, in its source, of the frame that completed the message
 * @param timestampNanos capture time of that frame, nanoseconds since the epoch
 * @param flow           the transport flow
 * @param direction      which way the message travelled within the flow
 * @param protocol       the protocol
 * @param role           request or response (unsolicited reports are responses)
 * @param unit           station address: Modbus unit id, DNP3 outstation link address, 0 for S7
 * @param function       protocol function code (Modbus without the exception bit); empty for
 *                       link-level frames with no application function
 * @param functionName   the function's name as the standard spells it, snake_case
 * @param operation      operation class; a response carries its request's class
 * @param transactionId  transaction id, application sequence or PDU reference where the protocol
 *                       has one
 * @param exceptionCode  0, or the protocol's exception/error code on a failed response
 * @param exceptionName  "" or the exception's name
 * @param ranges         address ranges touched
 * @param values         point values carried (read back, or written)
 * @param identity       asset identity revealed (vendor, product, firmware, ...); usually empty
 * @param latencyNanos   request→response time on a paired response
 * @param requestFrame   frame number of the paired request, on a paired response
 * @param anomalies      stable snake_case anomaly flags
 * @param detail         per-protocol fields for output
 * @param sequences      the sequence counters the message carries for the baseline to follow
 *                       (see {@link SequenceNumber}); not part of the record output
 */
public record OtMessage(String source, long frame, long timestampNanos, Flow flow, Direction direction,
                        Protocol protocol, MessageRole role, int unit, OptionalInt function, String functionName,
                        OperationClass operation, OptionalLong transactionId, int exceptionCode,
                        String exceptionName, List<PointRange> ranges, List<PointValue> values,
                        Map<String, String> identity, OptionalLong latencyNanos, OptionalLong requestFrame,
                        List<String> anomalies, ProtocolDetail detail, List<SequenceNumber> sequences)
        implements OtEvent {

    /** Collections are copied. */
    public OtMessage {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(detail, "detail");
        ranges = List.copyOf(ranges);
        values = PointValues.copyOf(values);
        identity = Map.copyOf(identity);
        anomalies = List.copyOf(anomalies);
        sequences = List.copyOf(sequences);
    }

    /** {@link #values()} with indexed access to each value's space, address and value, no record made. */
    public PointValues pointValues() { return (PointValues) values; }

    public IpAddress src() { return flow.source(direction); }

    public IpAddress dst() { return flow.destination(direction); }

    public int srcPort() { return flow.sourcePort(direction); }

    public int dstPort() { return flow.destinationPort(direction); }

    public boolean isException() { return exceptionCode != 0; }

    /** The device that serves the points: the destination of a request, the source of a response. */
    public IpAddress serverAddress() { return role == MessageRole.REQUEST ? dst() : src(); }

    /** The side that asks: the source of a request, the destination of a response. */
    public IpAddress clientAddress() { return role == MessageRole.REQUEST ? src() : dst(); }

    /** Starts a message at the stream position it was completed at. */
    public static Builder builder(StreamContext context, Protocol protocol, MessageRole role) {
        Builder builder = new Builder(context.source(), context.frame(), context.timestampNanos(), context.flow(),
                context.direction(), protocol, role);
        builder.streamGaps = context.gaps();
        return builder;
    }

    public static Builder builder(String source, long frame, long timestampNanos, Flow flow, Direction direction,
                                  Protocol protocol, MessageRole role) {
        return new Builder(source, frame, timestampNanos, flow, direction, protocol, role);
    }

    /** Collects the fields of one message; {@link #build()} makes it. Not thread-safe. */
    public static final class Builder {
        private final String source;
        private final long frame;
        private final long timestampNanos;
        private final Flow flow;
        private final Direction direction;
        private final Protocol protocol;
        private final MessageRole role;
        private int unit;
        private OptionalInt function = OptionalInt.empty();
        private String functionName = "";
        private OperationClass operation = OperationClass.OTHER;
        private OptionalLong transactionId = OptionalLong.empty();
        private int exceptionCode;
        private String exceptionName = "";
        // Collections are made when something is put in them: most messages leave some empty.
        private List<PointRange> ranges = List.of();
        private PointValues.Builder values;
        private Map<String, String> identity = Map.of();
        private OptionalLong latencyNanos = OptionalLong.empty();
        private OptionalLong requestFrame = OptionalLong.empty();
        private List<String> anomalies = List.of();
        private ProtocolDetail detail = ProtocolDetail.NONE;
        private List<SequenceNumber> sequences = List.of();
        /** Gaps in the stream direction before this message (from its {@link StreamContext}). */
        private long streamGaps;

        private Builder(String source, long frame, long timestampNanos, Flow flow, Direction direction,
                        Protocol protocol, MessageRole role) {
            this.source = source;
            this.frame = frame;
            this.timestampNanos = timestampNanos;
            this.flow = flow;
            this.direction = direction;
            this.protocol = protocol;
            this.role = role;
        }

        public Builder unit(int unit) {
            this.unit = unit;
            return this;
        }

        public Builder function(int code, String name, OperationClass operation) {
            this.function = OptionalInt.of(code);
            this.functionName = name;
            this.operation = operation;
            return this;
        }

        /** For frames with no application function (link-level frames). */
        public Builder noFunction(String name, OperationClass operation) {
            this.function = OptionalInt.empty();
            this.functionName = name;
            this.operation = operation;
            return this;
        }

        public Builder operation(OperationClass operation) {
            this.operation = operation;
            return this;
        }

        public Builder transactionId(long id) {
            this.transactionId = OptionalLong.of(id);
            return this;
        }

        public Builder exception(int code, String name) {
            this.exceptionCode = code;
            this.exceptionName = name;
            return this;
        }

        public Builder range(String space, long start, long count) {
            PointRange range = new PointRange(space, start, count);
            if (ranges.isEmpty()) {
                ranges = List.of(range); // the usual message's one range, kept as the message's list
            } else {
                growableRanges().add(range);
            }
            return this;
        }

        public Builder ranges(List<PointRange> given) {
            growableRanges().addAll(given);
            return this;
        }

        private List<PointRange> growableRanges() {
            if (!(ranges instanceof ArrayList)) {
                ranges = new ArrayList<>(ranges);
            }
            return ranges;
        }

        public Builder value(String space, long address, double value) {
            growableValues(1).add(space, address, value);
            return this;
        }

        public Builder values(List<PointValue> points) {
            if (!points.isEmpty()) {
                PointValues.Builder growable = growableValues(points.size());
                for (PointValue point : points) {
                    growable.add(point.space(), point.address(), point.value());
                }
            }
            return this;
        }

        /** Room for {@code count} more values, when the dissector knows how many it will add. */
        public Builder expectValues(int count) {
            growableValues(count).reserve(count);
            return this;
        }

        private PointValues.Builder growableValues(int expected) {
            if (values == null) {
                values = new PointValues.Builder(expected);
            }
            return values;
        }

        public Builder identity(String key, String value) {
            if (identity.isEmpty()) {
                identity = new LinkedHashMap<>();
            }
            identity.put(key, value);
            return this;
        }

        /** Marks this response as the answer to a request seen at {@code requestNanos} in {@code requestFrameNumber}. */
        public Builder pairedWith(long requestFrameNumber, long requestNanos) {
            this.requestFrame = OptionalLong.of(requestFrameNumber);
            this.latencyNanos = OptionalLong.of(timestampNanos - requestNanos);
            return this;
        }

        /** Adds an anomaly flag, once. */
        public Builder anomaly(String flag) {
            if (anomalies.isEmpty()) {
                anomalies = new ArrayList<>(2);
            }
            if (!anomalies.contains(flag)) {
                anomalies.add(flag);
            }
            return this;
        }

        /**
         * Adds a sequence counter the message carries (see {@link SequenceNumber}): its name,
         * scope within the flow direction, value, width in bits and how many units it advances.
         */
        public Builder sequence(String counter, long scope, long value, int bits, int advance) {
            SequenceNumber number = new SequenceNumber(counter, scope, value, bits, advance, streamGaps);
            if (sequences.isEmpty()) {
                sequences = List.of(number);
            } else {
                List<SequenceNumber> more = new ArrayList<>(sequences);
                more.add(number);
                sequences = more;
            }
            return this;
        }

        public Builder detail(ProtocolDetail detail) {
            this.detail = Objects.requireNonNull(detail, "detail");
            return this;
        }

        public OtMessage build() {
            return new OtMessage(source, frame, timestampNanos, flow, direction, protocol, role, unit, function,
                    functionName, operation, transactionId, exceptionCode, exceptionName, ranges,
                    values == null ? PointValues.EMPTY : values.build(), identity, latencyNanos, requestFrame, anomalies, detail, sequences);
        }
    }
}
