package otb.dissect.modbus;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import otb.capture.Direction;
import otb.dissect.DissectorConfig;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.ParseStatus;
import otb.dissect.ProtocolSession;
import otb.dissect.StreamContext;
import otb.dissect.modbus.ModbusPdu.ExceptionResponse;
import otb.dissect.modbus.ModbusPdu.Umas;

/**
 * One Modbus/TCP flow: frames ADUs in both directions (several per segment, or one across
 * segments), pairs requests with responses by transaction id and unit, and emits one
 * {@link OtMessage} per ADU.
 *
 * <p>Framing (Messaging on TCP/IP guide, clause 3.1.3): an ADU is the 6-byte MBAP prefix plus
 * the length field's count (unit id and PDU), 8..260 bytes. A header whose length is out of
 * 2..254 is never trusted: its bytes are skipped up to the next plausible header (protocol id 0,
 * length in range, function code 1..127 with the exception bit only on a response) and reported as
 * one {@link otb.dissect.Malformed}. After a gap or a skip the next header must be plausible in
 * that sense before it is believed. A header with a non-zero protocol id is accepted only
 * when its function is a public one and the frame ends exactly where the data ends or where
 * another plausible header starts; it then carries {@code protocol_id_not_zero}.
 *
 * <p>Pairing and its flags: a request whose (transaction id, unit) is already outstanding carries
 * {@code duplicate_transaction_id}; both stay outstanding and responses with that key pair with
 * the oldest first (servers answer in order; modbus_test.pcap pipelines three writes with one
 * transaction id); when
 * {@link DissectorConfig#maxPendingRequests()} requests are outstanding the oldest is forgotten
 * and the new request carries {@code pending_requests_full}; a response with no outstanding
 * request carries {@code unpaired_response} (no point values then: a response alone does not say
 * which addresses it answers). A request unanswered for {@link DissectorConfig#requestTimeoutNanos()}
 * of capture time (checked on {@link #tick}) times out: no event is made up for it (every event
 * consumed input); instead the next message of the flow, either direction, carries
 * {@code request_timeout} and the timed-out request frames in its detail
 * ({@code timed_out_request_frames}, at most {@link #MAX_REPORTED_TIMEOUTS}), and a response
 * that still arrives later is paired with its request (one of the last
 * {@link #MAX_REMEMBERED_TIMEOUTS} timed out) and carries {@code late_response}. Requests still
 * outstanding when the flow ends are only counted ({@link #unansweredAtClose()}). When bytes of the response direction are lost (a
 * reassembly gap), the requests outstanding at that moment may have been answered in the hole:
 * they still pair with a response that arrives, but are never flagged as timed out
 * ({@link #requestsLostInGaps()} counts those that stay unanswered).
 *
 * <p>Each ADU takes one path: frame, decode ({@link ModbusParser}), pair, then its points
 * ({@link ModbusPoints}) make the message. The pairing tables are plain deques, bounded by
 * {@link DissectorConfig#maxPendingRequests()} and {@link #MAX_REMEMBERED_TIMEOUTS}.
 */
public final class ModbusSession implements ProtocolSession {
    /** Timed-out requests remembered so that a late response can still be paired. */
    static final int MAX_REMEMBERED_TIMEOUTS = 32;
    /** Timed-out request frames listed on the next message; more are counted, not listed. */
    static final int MAX_REPORTED_TIMEOUTS = 16;

    private final DissectorConfig config;
    private final Direction requestDirection;
    /** The most requests each table below holds: {@link DissectorConfig#maxPendingRequests()}, at least one. */
    private final int maxPending;
    /** Requests awaiting their response, oldest first. */
    private final ArrayDeque<PendingRequest> pending = new ArrayDeque<>();
    /** Requests outstanding when response bytes were lost: their answers may be in the hole. */
    private final ArrayDeque<PendingRequest> beforeResponseGap = new ArrayDeque<>();
    /** Requests that timed out, the last {@link #MAX_REMEMBERED_TIMEOUTS}: a late response still pairs. */
    private final ArrayDeque<PendingRequest> timedOut = new ArrayDeque<>();
    /** Timed-out request frames not yet reported on a message. */
    private final List<Long> timedOutFrames = new ArrayList<>(2);
    private boolean timeoutsUnreported;
    /** After a gap or skipped bytes, each direction believes only a plausible header (see the class comment). */
    private boolean requestsResynchronising;
    private boolean responsesResynchronising;
    private long requestsTimedOut;
    private long unansweredAtClose;
    private long requestsLostInGaps;

    /**
     * @param requestDirection the direction requests travel: towards the side on the Modbus port
     *                         (see {@link ModbusDissector#newSession})
     */
    public ModbusSession(DissectorConfig config, Direction requestDirection) {
        this.config = config;
        this.requestDirection = requestDirection;
        this.maxPending = Math.max(1, config.maxPendingRequests());
    }

    /**
     * A request remembered for pairing.
     *
     * @param key      transaction id and unit (see {@link #key})
     * @param function the function code, without the exception bit
     * @param pdu      the decoded request: a read response needs its addresses
     */
    private record PendingRequest(int key, long frame, long timestampNanos, int function, ModbusPdu pdu,
                                  String functionName, OperationClass operation) {
    }

    /** Transaction id (16 bits) and unit id (8 bits) in one int. */
    private static int key(int transactionId, int unit) {
        return (transactionId << 8) | unit;
    }

    @Override
    public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        int start = in.position();
        int limit = in.limit();
        int available = limit - start;
        boolean response = context.direction() != requestDirection;
        if (available <= ModbusParser.MBAP_HEADER_LENGTH) {
            // The smallest ADU is the header and a function code; judge nothing before that.
            return ParseStatus.NEED_MORE;
        }
        // The MBAP header and the function code are eight bytes: one read (clause 3.1.3 layout).
        long header = in.getLong(start);
        int length = ModbusParser.mbapLength(header);
        if (!ModbusParser.lengthInRange(length)) {
            return skip(in, context, out, "length_out_of_range", response);
        }
        int protocolId = ModbusParser.protocolId(header);
        int rawFunction = ModbusParser.functionCode(header);
        if ((response ? responsesResynchronising : requestsResynchronising)
                && !ModbusParser.plausibleFunction(rawFunction, response)) {
            return skip(in, context, out, "unframed_bytes", response);
        }
        if (protocolId != 0 && !ModbusFunctions.isKnown(rawFunction & 0x7F)) {
            return skip(in, context, out, "protocol_id_not_zero", response);
        }
        int frameLength = ModbusParser.MBAP_PREFIX_LENGTH + length;
        if (available < frameLength) {
            return ParseStatus.NEED_MORE;
        }
        int end = start + frameLength;
        if (protocolId != 0 && end != limit && !ModbusParser.plausibleHeader(in, end, limit, response)) {
            return skip(in, context, out, "protocol_id_not_zero", response);
        }
        List<String> anomalies = new ArrayList<>(2);
        if (protocolId != 0) {
            anomalies.add("protocol_id_not_zero");
        }
        int transactionId = ModbusParser.transactionId(header);
        int unit = ModbusParser.unitId(header);
        int pdu = start + ModbusParser.MBAP_HEADER_LENGTH;
        ModbusPdu decoded = response
                ? ModbusParser.decodeResponse(in, pdu, length - 1, anomalies)
                : ModbusParser.decodeRequest(in, pdu, length - 1, anomalies);
        ModbusDetail detail = new ModbusDetail(length, protocolId, decoded, List.of());
        in.position(end);
        if (response) {
            responsesResynchronising = false;
            out.accept(response(context, transactionId, unit, rawFunction & 0x7F, detail, anomalies));
        } else {
            requestsResynchronising = false;
            out.accept(request(context, transactionId, unit, rawFunction & 0x7F, detail, anomalies));
        }
        return ParseStatus.OK;
    }

    /** {@code function}: the PDU's function code without the exception bit. */
    private OtMessage request(StreamContext context, int transactionId, int unit, int function, ModbusDetail detail,
                              List<String> anomalies) {
        ModbusPdu pdu = detail.pdu();
        int subFunction = ModbusPoints.subFunction(pdu);
        String name = ModbusFunctions.functionName(function, subFunction);
        OperationClass operation = ModbusFunctions.operation(function, subFunction);
        OtMessage.Builder message = OtMessage.builder(context, ModbusProtocol.DESCRIPTOR, MessageRole.REQUEST)
                .unit(unit)
                .transactionId(transactionId)
                // the client chooses the transaction id (Modbus Messaging on TCP/IP, 3.1.3); the server echoes it
                .sequence("transaction_id", 0, transactionId, 16, 1)
                .function(function, name, operation);
        ModbusPoints.request(message, pdu);
        int key = key(transactionId, unit);
        for (PendingRequest outstanding : pending) {
            if (outstanding.key() == key) {
                message.anomaly("duplicate_transaction_id");
                break;
            }
        }
        if (pending.size() >= maxPending) {
            pending.removeFirst();
            message.anomaly("pending_requests_full");
        }
        pending.addLast(new PendingRequest(key, context.frame(), context.timestampNanos(), function, pdu, name,
                operation));
        return finish(message, anomalies, detail);
    }

    /**
     * A response pairs with the oldest outstanding request of its key, else with one outstanding
     * before a gap, else with one that timed out (a late response). It is named and classed as
     * its request when their functions match, otherwise as itself.
     */
    private OtMessage response(StreamContext context, int transactionId, int unit, int function, ModbusDetail detail,
                               List<String> anomalies) {
        int key = key(transactionId, unit);
        PendingRequest asked = take(pending, key);
        if (asked == null) {
            asked = take(beforeResponseGap, key);
        }
        boolean late = false;
        if (asked == null) {
            asked = take(timedOut, key);
            late = asked != null;
        }
        boolean matches = asked != null && asked.function() == function;
        ModbusPdu pdu = detail.pdu();
        int subFunction = ModbusPoints.subFunction(pdu);
        String name = matches ? asked.functionName() : ModbusFunctions.functionName(function, subFunction);
        OperationClass operation = matches ? asked.operation() : ModbusFunctions.operation(function, subFunction);
        if (pdu instanceof Umas umas && matches && asked.pdu() instanceof Umas askedUmas) {
            // A UMAS response does not repeat its sub-function: it answers its request's.
            pdu = new Umas(umas.pairingKey(), askedUmas.umasFunction(), umas.status(), umas.dataLength());
            detail = new ModbusDetail(detail.mbapLength(), detail.protocolId(), pdu, List.of());
        }
        OtMessage.Builder message = OtMessage.builder(context, ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE)
                .unit(unit)
                .transactionId(transactionId)
                .function(function, name, operation);
        if (pdu instanceof ExceptionResponse exception) {
            message.exception(exception.exceptionCode(), ModbusFunctions.exceptionName(exception.exceptionCode()));
        }
        if (asked == null) {
            message.anomaly("unpaired_response");
        } else {
            message.pairedWith(asked.frame(), asked.timestampNanos());
            if (late) {
                message.anomaly("late_response");
            }
            if (!matches) {
                message.anomaly("function_mismatch");
            }
        }
        ModbusPoints.response(message, matches ? asked.pdu() : null, pdu);
        return finish(message, anomalies, detail);
    }

    /** The oldest request of {@code requests} with this key, removed; null if none. */
    private static PendingRequest take(ArrayDeque<PendingRequest> requests, int key) {
        for (Iterator<PendingRequest> it = requests.iterator(); it.hasNext(); ) {
            PendingRequest request = it.next();
            if (request.key() == key) {
                it.remove();
                return request;
            }
        }
        return null;
    }

    /** Flags from decoding, and the detail (with the timed-out requests to report, if any). */
    private OtMessage finish(OtMessage.Builder message, List<String> anomalies, ModbusDetail detail) {
        for (String anomaly : anomalies) {
            message.anomaly(anomaly);
        }
        if (timeoutsUnreported) {
            message.anomaly("request_timeout");
            List<Long> reported = List.copyOf(timedOutFrames);
            timedOutFrames.clear();
            timeoutsUnreported = false;
            message.detail(new ModbusDetail(detail.mbapLength(), detail.protocolId(), detail.pdu(), reported));
        } else {
            message.detail(detail);
        }
        return message.build();
    }

    /**
     * Skips bytes that do not frame: up to the next plausible header in the data at hand, or all
     * but the last header's worth when there is none (it may be the start of one).
     */
    private ParseStatus skip(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out, String reason,
                             boolean response) {
        int start = in.position();
        int limit = in.limit();
        int next = start + 1;
        while (next + ModbusParser.MBAP_HEADER_LENGTH < limit
                && !ModbusParser.plausibleHeader(in, next, limit, response)) {
            next++;
        }
        if (next + ModbusParser.MBAP_HEADER_LENGTH >= limit) {
            next = Math.max(start + 1, limit - ModbusParser.MBAP_HEADER_LENGTH);
        }
        in.position(next);
        if (response) {
            responsesResynchronising = true;
        } else {
            requestsResynchronising = true;
        }
        out.accept(context.malformed(ModbusProtocol.DESCRIPTOR, reason, next - start));
        return ParseStatus.OK;
    }

    /** Appends {@code request}, forgetting the oldest of {@code requests} when it holds {@code limit} already. */
    private static void addBounded(ArrayDeque<PendingRequest> requests, PendingRequest request, int limit) {
        if (requests.size() >= limit) {
            requests.removeFirst();
        }
        requests.addLast(request);
    }

    @Override
    public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
        if (context.direction() == requestDirection) {
            requestsResynchronising = true;
        } else {
            responsesResynchronising = true;
            // Responses were lost: the requests outstanding now may have been answered in the
            // hole. They still pair with a response that comes, but never count as timed out.
            while (!pending.isEmpty()) {
                addBounded(beforeResponseGap, pending.removeFirst(), maxPending);
            }
        }
    }

    @Override
    public void tick(long nowNanos, Consumer<? super OtEvent> out) {
        long timeout = config.requestTimeoutNanos();
        while (!beforeResponseGap.isEmpty() && nowNanos - beforeResponseGap.peekFirst().timestampNanos() > timeout) {
            beforeResponseGap.removeFirst();
            requestsLostInGaps++;
        }
        while (!pending.isEmpty() && nowNanos - pending.peekFirst().timestampNanos() > timeout) {
            PendingRequest request = pending.removeFirst();
            addBounded(timedOut, request, MAX_REMEMBERED_TIMEOUTS);
            requestsTimedOut++;
            if (timedOutFrames.size() < MAX_REPORTED_TIMEOUTS) {
                timedOutFrames.add(request.frame());
            }
            timeoutsUnreported = true;
        }
    }

    @Override
    public void close(long nowNanos, Consumer<? super OtEvent> out) {
        tick(nowNanos, out);
        unansweredAtClose += pending.size();
        requestsLostInGaps += beforeResponseGap.size();
        pending.clear();
        beforeResponseGap.clear();
        timedOut.clear();
    }

    /** Requests that timed out (capture time) before their response. */
    public long requestsTimedOut() {
        return requestsTimedOut;
    }

    /**
     * Requests outstanding when bytes of the response direction were lost and never answered
     * afterwards: whether they were answered is unknown, so they are not flagged as timeouts.
     */
    public long requestsLostInGaps() {
        return requestsLostInGaps;
    }

    /** Requests still outstanding when the flow ended. */
    public long unansweredAtClose() {
        return unansweredAtClose;
    }

    /** Requests currently outstanding. */
    public int pendingRequests() {
        return pending.size();
    }
}
