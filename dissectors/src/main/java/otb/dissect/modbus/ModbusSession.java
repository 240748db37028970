package otb.dissect.modbus;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import otb.capture.Direction;
import otb.dissect.DissectorConfig;
import otb.dissect.MessageParts;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.ParseStatus;
import otb.dissect.PointRange;
import otb.dissect.PointRun;
import otb.dissect.PointValue;
import otb.dissect.PointWindow;
import otb.dissect.Protocol;
import otb.dissect.ProtocolSession;
import otb.dissect.StreamContext;
import otb.dissect.modbus.ModbusPdu.Diagnostics;
import otb.dissect.modbus.ModbusPdu.EncapsulatedInterfaceTransport;
import otb.dissect.modbus.ModbusPdu.ExceptionResponse;
import otb.dissect.modbus.ModbusPdu.FileRecord;
import otb.dissect.modbus.ModbusPdu.FileReference;
import otb.dissect.modbus.ModbusPdu.MaskWriteRegister;
import otb.dissect.modbus.ModbusPdu.ReadBitsResponse;
import otb.dissect.modbus.ModbusPdu.ReadDeviceIdentificationRequest;
import otb.dissect.modbus.ModbusPdu.ReadDeviceIdentificationResponse;
import otb.dissect.modbus.ModbusPdu.ReadFifoQueueRequest;
import otb.dissect.modbus.ModbusPdu.ReadFileRecordRequest;
import otb.dissect.modbus.ModbusPdu.ReadFileRecordResponse;
import otb.dissect.modbus.ModbusPdu.ReadRegistersResponse;
import otb.dissect.modbus.ModbusPdu.ReadRequest;
import otb.dissect.modbus.ModbusPdu.ReadWriteMultipleRegistersRequest;
import otb.dissect.modbus.ModbusPdu.Umas;
import otb.dissect.modbus.ModbusPdu.WriteFileRecord;
import otb.dissect.modbus.ModbusPdu.WriteMultipleCoilsRequest;
import otb.dissect.modbus.ModbusPdu.WriteMultipleRegistersRequest;
import otb.dissect.modbus.ModbusPdu.WriteMultipleResponse;
import otb.dissect.modbus.ModbusPdu.WriteSingleCoil;
import otb.dissect.modbus.ModbusPdu.WriteSingleRegister;

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
 * ({@code timed_out_request_frames}), and a response that still arrives later is paired with its
 * request and carries {@code late_response}. Requests still outstanding when the flow ends are only
 * counted ({@link #unansweredAtClose()}). When bytes of the response direction are lost (a
 * reassembly gap), the requests outstanding at that moment may have been answered in the hole:
 * they still pair with a response that arrives, but are never flagged as timed out
 * ({@link #requestsLostInGaps()} counts those that stay unanswered).
 *
 * <p>Messages are delivered as one shared {@link OtMessage} per flow direction (see
 * {@link OtMessage#retain()}). A read response that answers its read request is not decoded into
 * objects at all: its values are read in place ({@link PointWindow}) and its detail is decoded
 * only if asked for.
 */
public final class ModbusSession extends ProtocolSession {
    /** Timed-out requests remembered so that a late response can still be paired. */
    static final int MAX_REMEMBERED_TIMEOUTS = 32;
    /** Timed-out request frames listed on the next message; more are counted, not listed. */
    static final int MAX_REPORTED_TIMEOUTS = 16;
    /** Addresses of a file record: file number * 10000 + record number (records are 0..9999). */
    static final long FILE_RECORD_STRIDE = 10_000;

    private final DissectorConfig config;
    private final Direction requestDirection;
    private final PendingRequests pending;
    private final PendingRequests timedOut = new PendingRequests(MAX_REMEMBERED_TIMEOUTS);
    /** Requests outstanding when response bytes were lost: their answers may be in the hole. */
    private final PendingRequests beforeResponseGap;
    /** Recent short PDUs decoded, requests and responses (see {@link RecentPdus}); may be shared with other sessions. */
    private final RecentPdus requestPdus;
    private final RecentPdus responsePdus;
    /** Their tables, for the usual ADU: one object less to go through (see {@link RecentPdus#slots()}). */
    private final KnownPdu[] requestSlots;
    private final KnownPdu[] responseSlots;
    private final List<String> anomalies = new ArrayList<>(4);
    private final List<Long> timedOutFrames = new ArrayList<>(2);
    /**
     * Reused for every message of the flow, one per direction, and so is the shared message each
     * fills. Fields rather than an array, as the flags below: the usual ADU then touches fewer
     * objects, which counts once the capture engine's own work has pushed them out of the
     * nearest cache between two packets of a flow.
     */
    private final OtMessage.Builder requestBuilder = OtMessage.reusableBuilder();
    private final OtMessage.Builder responseBuilder = OtMessage.reusableBuilder();
    /** After a gap or skipped bytes, each direction believes only a plausible header (see the class comment). */
    private boolean requestsResynchronising;
    private boolean responsesResynchronising;
    /** Builds the points of PDUs seen for the first time (see {@link #knowRequest}); made at the first. */
    private OtMessage.Builder scratch;
    /** The values of a read response read in place (see {@link #readResponseInPlace}). */
    private final PointWindow window = new PointWindow();
    /** The detail of a read response read in place, decoded when asked for; its bytes are kept here. */
    private final InPlaceDetail inPlaceDetail = new InPlaceDetail();
    private ByteBuffer inPlaceBytes;
    private int inPlacePdu;
    private int inPlacePduLength;
    /** Where {@link #locate} found a response's request: which table, at which position, or -1. */
    private PendingRequests pairedFrom;
    private int pairedAt;
    private boolean timeoutsUnreported;
    private long requestsTimedOut;
    private long unansweredAtClose;
    private long requestsLostInGaps;

    /**
     * @param requestDirection the direction requests travel: towards the side on the Modbus port
     *                         (see {@link ModbusDissector#newSession})
     */
    public ModbusSession(DissectorConfig config, Direction requestDirection) {
        this(config, requestDirection, new RecentPdus(), new RecentPdus());
    }

    /** A session that shares its recent PDUs with others of the same pipeline (see {@link ModbusDissector}). */
    ModbusSession(DissectorConfig config, Direction requestDirection, RecentPdus requestPdus,
                  RecentPdus responsePdus) {
        this.requestPdus = requestPdus;
        this.responsePdus = responsePdus;
        this.requestSlots = requestPdus.slots();
        this.responseSlots = responsePdus.slots();
        this.config = config;
        this.requestDirection = requestDirection;
        this.pending = new PendingRequests(config.maxPendingRequests());
        this.beforeResponseGap = new PendingRequests(config.maxPendingRequests());
    }

    @Override
    public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        OtMessage.Builder usual = usual(in, context);
        if (usual != null) {
            emit(out, usual);
            return ParseStatus.OK;
        }
        return parseAny(in, context, out);
    }

    /**
     * The usual ADU of polling traffic, whole and flawless, made with as little work as there
     * is: a request whose PDU this direction sent lately ({@link RecentPdus}) and that conflicts
     * with no outstanding request, a read response answering its request, or a write's echo seen
     * lately answering its request. The message is the one {@link #parseAny} would make; returns
     * the builder holding it, or null, having changed nothing, for anything else, which takes
     * the general path.
     */
    private OtMessage.Builder usual(ByteBuffer in, StreamContext context) {
        int start = in.position();
        int available = in.limit() - start;
        boolean request = context.direction() == requestDirection;
        if (available <= ModbusParser.MBAP_HEADER_LENGTH || timeoutsUnreported
                || (request ? requestsResynchronising : responsesResynchronising)) {
            return null;
        }
        long header = in.getLong(start);
        int length = ModbusParser.mbapLength(header);
        if (ModbusParser.protocolId(header) != 0 || !ModbusParser.lengthInRange(length)
                || available < ModbusParser.MBAP_PREFIX_LENGTH + length) {
            return null;
        }
        int rawFunction = ModbusParser.functionCode(header);
        int transactionId = ModbusParser.transactionId(header);
        int unit = ModbusParser.unitId(header);
        int pdu = start + ModbusParser.MBAP_HEADER_LENGTH;
        int pduLength = length - 1;
        OtMessage made;
        if (request) {
            if (!RecentPdus.eligible(0, pduLength, rawFunction)) {
                return null;
            }
            KnownPdu known = RecentPdus.find(requestSlots, RecentPdus.key(in, pdu, pduLength));
            if (known == null || !pending.addIfNew(PendingRequests.key(transactionId, unit), context.frame(),
                    context.timestampNanos(), rawFunction, known)) {
                return null;
            }
            made = requestBuilder.buildShared(context, ModbusProtocol.DESCRIPTOR, MessageRole.REQUEST, unit, transactionId,
                    rawFunction, known.parts(), null, null, null, -1, 0);
        } else {
            made = readResponseInPlace(in, context, transactionId, unit, rawFunction, pdu, pduLength);
            if (made == null) {
                made = plainAnswer(in, context, transactionId, unit, rawFunction, pdu, pduLength);
            }
            if (made == null) {
                return null;
            }
        }
        in.position(start + ModbusParser.MBAP_PREFIX_LENGTH + length);
        return request ? requestBuilder : responseBuilder;
    }

    /**
     * A write's echo seen lately that answers the oldest outstanding request without a flag (see
     * {@link #usual}); else null.
     */
    private OtMessage plainAnswer(ByteBuffer in, StreamContext context, int transactionId, int unit,
                                  int rawFunction, int pdu, int pduLength) {
        if (!RecentPdus.eligible(0, pduLength, rawFunction)) {
            return null;
        }
        KnownPdu known = RecentPdus.find(responseSlots, RecentPdus.key(in, pdu, pduLength));
        if (known == null || !known.plain()) {
            return null;
        }
        KnownPdu asked = pending.oldestIf(PendingRequests.key(transactionId, unit), rawFunction);
        // The answer is named and classed as its request; the echo's own parts serve when they
        // say the same (they do unless a diagnostic's echo names another sub-function).
        MessageParts parts = known.parts();
        if (asked == null || !parts.functionName().equals(asked.functionName())
                || parts.operation() != asked.operation()) {
            return null;
        }
        pending.takeOldest();
        return responseBuilder.buildShared(context, ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE, unit, transactionId,
                rawFunction, parts, null, null, null, pending.takenFrame(), pending.takenTimestampNanos());
    }

    /** Any ADU, or bytes that do not frame. */
    private ParseStatus parseAny(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
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
        anomalies.clear();
        if (protocolId != 0) {
            anomalies.add("protocol_id_not_zero");
        }
        int transactionId = ModbusParser.transactionId(header);
        int unit = ModbusParser.unitId(header);
        int pdu = start + ModbusParser.MBAP_HEADER_LENGTH;
        int pduLength = length - 1;
        int function = rawFunction & 0x7F;
        OtMessage inPlace = response && protocolId == 0
                ? readResponseInPlace(in, context, transactionId, unit, rawFunction, pdu, pduLength) : null;
        if (inPlace != null) {
            in.position(end);
            responsesResynchronising = false;
            emit(out, responseBuilder);
            return ParseStatus.OK;
        }
        boolean eligible = RecentPdus.eligible(protocolId, pduLength, rawFunction);
        RecentPdus recent = response ? responsePdus : requestPdus;
        long key = eligible ? RecentPdus.key(in, pdu, pduLength) : 0;
        KnownPdu known = eligible ? recent.find(key) : null;
        if (known == null) {
            ModbusPdu decoded = response
                    ? ModbusParser.decodeResponse(in, pdu, pduLength, anomalies)
                    : ModbusParser.decodeRequest(in, pdu, pduLength, anomalies);
            ModbusDetail detail = new ModbusDetail(length, protocolId, decoded, List.of());
            long pduKey = eligible && anomalies.isEmpty() ? key : 0;
            known = response ? knowResponse(pduKey, detail, function, context)
                    : knowRequest(pduKey, detail, function, context);
            if (pduKey != 0) {
                recent.remember(known);
            }
        }
        in.position(end);
        if (response) {
            responsesResynchronising = false;
            response(context, transactionId, unit, function, known);
            emit(out, responseBuilder);
        } else {
            requestsResynchronising = false;
            request(context, transactionId, unit, function, known);
            emit(out, requestBuilder);
        }
        return ParseStatus.OK;
    }

    /** What a request PDU says by itself (see {@link KnownPdu}). */
    private KnownPdu knowRequest(long pduKey, ModbusDetail detail, int function, StreamContext context) {
        ModbusPdu pdu = detail.pdu();
        int subFunction = subFunction(pdu);
        OtMessage.Builder made = requestPoints(scratch().start(context, ModbusProtocol.DESCRIPTOR, MessageRole.REQUEST), pdu);
        List<PointRange> ranges = made.builtRanges();
        List<PointValue> values = made.builtValues();
        String readSpace = "";
        int readAddress = 0;
        int readQuantity = -1;
        List<PointRange> readRanges = List.of();
        if (pdu instanceof ReadRequest read) {
            readSpace = space(read.function());
            readAddress = read.address();
            readQuantity = read.quantity();
            readRanges = ranges;
        } else if (pdu instanceof ReadWriteMultipleRegistersRequest readWrite) {
            readSpace = "holding_register";
            readAddress = readWrite.readAddress();
            readQuantity = readWrite.readQuantity();
            OtMessage.Builder readPart = scratch().start(context, ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE);
            range(readPart, readSpace, readAddress, readQuantity);
            readRanges = readPart.builtRanges();
        }
        String name = ModbusFunctions.functionName(function, subFunction);
        OperationClass operation = ModbusFunctions.operation(function, subFunction);
        return new KnownPdu(pduKey, new MessageParts(name, operation, ranges, values, detail),
                new MessageParts(name, operation, readRanges), readSpace, readAddress, readQuantity, false);
    }

    /**
     * What a response PDU says by itself: its name and class when it answers no request of its
     * function, and the points of a write's echo.
     */
    private KnownPdu knowResponse(long pduKey, ModbusDetail detail, int function, StreamContext context) {
        ModbusPdu pdu = detail.pdu();
        int subFunction = subFunction(pdu);
        List<PointRange> ranges = ownPoints(scratch().start(context, ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE), pdu)
                .builtRanges();
        boolean plain = !(pdu instanceof ExceptionResponse || pdu instanceof ReadBitsResponse
                || pdu instanceof ReadRegistersResponse || pdu instanceof ReadFileRecordResponse
                || pdu instanceof ReadDeviceIdentificationResponse || pdu instanceof Umas);
        MessageParts parts = new MessageParts(ModbusFunctions.functionName(function, subFunction),
                ModbusFunctions.operation(function, subFunction), ranges, List.of(), detail);
        return new KnownPdu(pduKey, parts, new MessageParts(parts.functionName(), parts.operation(), List.of()),
                "", 0, -1, plain);
    }

    private OtMessage.Builder scratch() {
        if (scratch == null) {
            scratch = OtMessage.reusableBuilder();
        }
        return scratch;
    }

    /** Starts a message with the builder of its direction. */
    private OtMessage.Builder begin(StreamContext context, MessageRole role) {
        return (context.direction() == requestDirection ? requestBuilder : responseBuilder)
                .start(context, ModbusProtocol.DESCRIPTOR, role);
    }

    /**
     * Delivers the message the builder of its direction made (every message is made by it: see
     * {@link #begin}): shared, valid only during the call.
     */
    private void emit(Consumer<? super OtEvent> out, OtMessage.Builder made) {
        try {
            out.accept(made.shared());
        } finally {
            made.expireShared();
        }
    }

    /**
     * Builds a read response (functions 1-4, 23) that answers its read request without decoding
     * it into objects: the same fields, flags and values as {@link ModbusParser#decodeResponse}
     * and {@link #responsePoints} give, the values read in place and the detail decoded when
     * asked for. Null, having changed nothing, when the response is anything else (an exception,
     * unpaired, answering another function, or reporting timed-out requests): then it takes the
     * general path.
     */
    private OtMessage readResponseInPlace(ByteBuffer in, StreamContext context, int transactionId,
                                          int unit, int rawFunction, int pdu, int pduLength) {
        boolean bits = rawFunction == ModbusFunctions.READ_COILS || rawFunction == ModbusFunctions.READ_DISCRETE_INPUTS;
        boolean registers = rawFunction == ModbusFunctions.READ_HOLDING_REGISTERS
                || rawFunction == ModbusFunctions.READ_INPUT_REGISTERS
                || rawFunction == ModbusFunctions.READ_WRITE_MULTIPLE_REGISTERS;
        if (!(bits || registers) || pduLength < 2 || timeoutsUnreported) {
            return null;
        }
        int key = PendingRequests.key(transactionId, unit);
        // Servers answer in order: the request is almost always the oldest outstanding one.
        KnownPdu asked = pending.oldestIf(key, rawFunction);
        boolean late = false;
        long requestFrame;
        long requestNanos;
        if (asked != null && asked.isRead()) {
            pending.takeOldest();
            requestFrame = pending.takenFrame();
            requestNanos = pending.takenTimestampNanos();
        } else {
            late = locate(key);
            PendingRequests from = pairedFrom;
            int at = pairedAt;
            if (at < 0 || from.function(at) != rawFunction || !from.request(at).isRead()) {
                return null;
            }
            asked = from.request(at);
            requestFrame = from.frame(at);
            requestNanos = from.timestampNanos(at);
            from.removeAt(at);
        }
        String space = asked.readSpace();
        int address = asked.readAddress();
        int quantity = asked.readQuantity();
        int data = pdu + 1;
        int dataBytes = pduLength - 2;
        int byteCount = in.get(data) & 0xFF;
        int present = Math.min(byteCount, dataBytes);
        int count;
        boolean countMismatch = byteCount != dataBytes;
        if (bits) {
            countMismatch |= byteCount != (quantity + 7) / 8;
            count = Math.min(Math.min(quantity, present * 8), ModbusParser.ADDRESS_SPACE - address);
        } else {
            countMismatch |= byteCount != 2 * quantity || (byteCount & 1) != 0;
            count = Math.min(Math.min(quantity, present / 2), ModbusParser.ADDRESS_SPACE - address);
        }
        List<PointValue> values = count <= 0 ? List.of()
                : bits ? window.bits(space, address, in, data + 1, count)
                : window.unsignedShorts(space, address, in, data + 1, count);
        if (inPlaceBytes != in) {
            inPlaceBytes = in;
        }
        inPlacePdu = pdu;
        inPlacePduLength = pduLength;
        InPlaceDetail detail = inPlaceDetail;
        if (!late && !countMismatch) {
            // The usual answer: nothing to flag.
            return responseBuilder.buildShared(context, ModbusProtocol.DESCRIPTOR, MessageRole.RESPONSE, unit, transactionId,
                    rawFunction, asked.readParts(), values, null, detail, requestFrame, requestNanos);
        }
        return flaggedReadResponse(context, transactionId, unit, rawFunction, asked, requestFrame, requestNanos,
                values, detail, late, countMismatch);
    }

    /** A read response read in place that carries a flag (see {@link #readResponseInPlace}). */
    private OtMessage flaggedReadResponse(StreamContext context, int transactionId, int unit, int rawFunction,
                                          KnownPdu asked, long requestFrame, long requestNanos,
                                          List<PointValue> values, InPlaceDetail detail, boolean late,
                                          boolean countMismatch) {
        OtMessage.Builder message = begin(context, MessageRole.RESPONSE)
                .unit(unit)
                .transactionId(transactionId)
                .function(rawFunction, asked.functionName(), asked.operation())
                .pairedWith(requestFrame, requestNanos)
                .ranges(asked.readRanges())
                .values(values)
                .detail(detail);
        if (late) {
            message.anomaly("late_response");
        }
        if (countMismatch) {
            message.anomaly("byte_count_mismatch");
        }
        return message.buildShared();
    }

    /**
     * Finds the request a response with this key answers: sets {@link #pairedFrom} and
     * {@link #pairedAt} (-1 when there is none); true when it had timed out (a late response).
     */
    private boolean locate(int key) {
        pairedFrom = pending;
        pairedAt = pending.indexOf(key);
        if (pairedAt < 0) {
            pairedFrom = beforeResponseGap;
            pairedAt = beforeResponseGap.indexOf(key);
        }
        if (pairedAt < 0) {
            pairedFrom = timedOut;
            pairedAt = timedOut.indexOf(key);
            return pairedAt >= 0;
        }
        return false;
    }

    /**
     * The detail of the read response read in place last ({@link #inPlaceBytes}, {@link #inPlacePdu},
     * {@link #inPlacePduLength}), decoded from its bytes when asked for.
     */
    private final class InPlaceDetail implements Supplier<ModbusDetail> {
        @Override
        public ModbusDetail get() {
            ModbusPdu decoded = ModbusParser.decodeResponse(inPlaceBytes, inPlacePdu, inPlacePduLength,
                    new ArrayList<>(2));
            return new ModbusDetail(inPlacePduLength + 1, 0, decoded, List.of());
        }
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

    /** {@code function}: the PDU's function code without the exception bit. */
    private OtMessage request(StreamContext context, int transactionId, int unit, int function, KnownPdu known) {
        int key = PendingRequests.key(transactionId, unit);
        OtMessage.Builder message = begin(context, MessageRole.REQUEST)
                .unit(unit)
                .transactionId(transactionId)
                .function(function, known.functionName(), known.operation())
                .ranges(known.ranges())
                .values(known.values());
        if (pending.contains(key)) {
            message.anomaly("duplicate_transaction_id");
        }
        if (pending.isFull()) {
            pending.removeOldest();
            message.anomaly("pending_requests_full");
        }
        pending.add(key, context.frame(), context.timestampNanos(), function, known);
        finish(message, known.detail());
        return message.buildShared();
    }

    private OtMessage response(StreamContext context, int transactionId, int unit, int function, KnownPdu known) {
        boolean late = locate(PendingRequests.key(transactionId, unit));
        PendingRequests from = pairedFrom;
        int at = pairedAt;
        boolean paired = at >= 0;
        KnownPdu askedKnown = paired ? from.request(at) : null;
        ModbusPdu asked = paired ? askedKnown.pdu() : null;
        OperationClass askedOperation = paired ? askedKnown.operation() : null;
        long requestFrame = paired ? from.frame(at) : 0;
        long requestNanos = paired ? from.timestampNanos(at) : 0;
        boolean matches = paired && from.function(at) == function;
        if (paired) {
            from.removeAt(at);
        }
        ModbusPdu pdu = known.pdu();
        ModbusDetail detail = known.detail();
        if (pdu instanceof Umas umas && matches && asked instanceof Umas askedUmas) {
            pdu = new Umas(umas.pairingKey(), askedUmas.umasFunction(), umas.status(), umas.dataLength());
            detail = new ModbusDetail(detail.mbapLength(), detail.protocolId(), pdu, List.of());
        }
        String name = matches ? askedKnown.functionName() : known.functionName();
        OperationClass operation = matches ? askedOperation : known.operation();
        OtMessage.Builder message = begin(context, MessageRole.RESPONSE)
                .unit(unit)
                .transactionId(transactionId)
                .function(function, name, operation);
        if (pdu instanceof ExceptionResponse exception) {
            message.exception(exception.exceptionCode(), ModbusFunctions.exceptionName(exception.exceptionCode()));
        }
        if (!paired) {
            message.anomaly("unpaired_response");
        } else {
            message.pairedWith(requestFrame, requestNanos);
            if (late) {
                message.anomaly("late_response");
            }
            if (!matches) {
                message.anomaly("function_mismatch");
            }
        }
        responsePoints(message, matches ? asked : null, pdu, known);
        finish(message, detail);
        return message.buildShared();
    }

    /** Flags from decoding, and the detail (with the timed-out requests to report, if any). */
    private void finish(OtMessage.Builder message, ModbusDetail detail) {
        for (int i = 0; i < anomalies.size(); i++) {
            message.anomaly(anomalies.get(i));
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
    }

    /** Sub-function that refines the class or name: diagnostics code, MEI type, UMAS function; else -1. */
    private static int subFunction(ModbusPdu pdu) {
        if (pdu instanceof Diagnostics diagnostics) {
            return diagnostics.subFunction();
        }
        if (pdu instanceof ReadDeviceIdentificationRequest || pdu instanceof ReadDeviceIdentificationResponse) {
            return ModbusFunctions.MEI_READ_DEVICE_IDENTIFICATION;
        }
        if (pdu instanceof EncapsulatedInterfaceTransport encapsulated) {
            return encapsulated.meiType();
        }
        if (pdu instanceof Umas umas) {
            return umas.umasFunction();
        }
        return -1;
    }

    /** Points a request touches, and the values it writes (clauses 6.1-6.18). */
    private static OtMessage.Builder requestPoints(OtMessage.Builder message, ModbusPdu pdu) {
        if (pdu instanceof ReadRequest read) {
            range(message, space(read.function()), read.address(), read.quantity());
        } else if (pdu instanceof WriteSingleCoil coil) {
            range(message, "coil", coil.address(), 1);
            if (coil.rawValue() == WriteSingleCoil.ON || coil.rawValue() == WriteSingleCoil.OFF) {
                message.value("coil", coil.address(), coil.rawValue() == WriteSingleCoil.ON ? 1 : 0);
            }
        } else if (pdu instanceof WriteSingleRegister register) {
            range(message, "holding_register", register.address(), 1);
            message.value("holding_register", register.address(), register.value());
        } else if (pdu instanceof WriteMultipleCoilsRequest coils) {
            range(message, "coil", coils.address(), coils.quantity());
            bits(message, "coil", coils.address(), coils.bits(), coils.quantity());
        } else if (pdu instanceof WriteMultipleRegistersRequest registers) {
            range(message, "holding_register", registers.address(), registers.quantity());
            registers(message, "holding_register", registers.address(), registers.registerBytes(), registers.quantity());
        } else if (pdu instanceof MaskWriteRegister mask) {
            range(message, "holding_register", mask.address(), 1);
        } else if (pdu instanceof ReadWriteMultipleRegistersRequest readWrite) {
            range(message, "holding_register", readWrite.readAddress(), readWrite.readQuantity());
            range(message, "holding_register", readWrite.writeAddress(), readWrite.writeQuantity());
            registers(message, "holding_register", readWrite.writeAddress(), readWrite.registerBytes(),
                    readWrite.writeQuantity());
        } else if (pdu instanceof ReadFifoQueueRequest fifo) {
            range(message, "holding_register", fifo.pointerAddress(), 1);
        } else if (pdu instanceof ReadFileRecordRequest file) {
            for (FileReference reference : file.references()) {
                range(message, "file_record", fileAddress(reference.file(), reference.record()), reference.length());
            }
        } else if (pdu instanceof WriteFileRecord file) {
            fileRecords(message, file, true);
        }
        return message;
    }

    /**
     * Points and values of a response. {@code request} is the paired request when its function
     * matches, else null: read values need the request's addresses. {@code known}: what the
     * response says by itself (its {@link #ownPoints}).
     */
    private static void responsePoints(OtMessage.Builder message, ModbusPdu request, ModbusPdu pdu, KnownPdu known) {
        if (pdu instanceof ReadBitsResponse bits && request instanceof ReadRequest read) {
            String space = space(read.function());
            range(message, space, read.address(), read.quantity());
            if (bits.byteCount() != (read.quantity() + 7) / 8) {
                message.anomaly("byte_count_mismatch");
            }
            bits(message, space, read.address(), bits.bits(), read.quantity());
        } else if (pdu instanceof ReadRegistersResponse registers && request instanceof ReadRequest read) {
            String space = space(read.function());
            range(message, space, read.address(), read.quantity());
            if (registers.byteCount() != 2 * read.quantity()) {
                message.anomaly("byte_count_mismatch");
            }
            registers(message, space, read.address(), registers.registerBytes(), read.quantity());
        } else if (pdu instanceof ReadRegistersResponse registers
                && request instanceof ReadWriteMultipleRegistersRequest readWrite) {
            range(message, "holding_register", readWrite.readAddress(), readWrite.readQuantity());
            if (registers.byteCount() != 2 * readWrite.readQuantity()) {
                message.anomaly("byte_count_mismatch");
            }
            registers(message, "holding_register", readWrite.readAddress(), registers.registerBytes(),
                    readWrite.readQuantity());
        } else if (pdu instanceof ReadFileRecordResponse records && request instanceof ReadFileRecordRequest read) {
            int count = Math.min(records.records().size(), read.references().size());
            if (records.records().size() != read.references().size()) {
                message.anomaly("byte_count_mismatch");
            }
            for (int i = 0; i < count; i++) {
                FileReference reference = read.references().get(i);
                long address = fileAddress(reference.file(), reference.record());
                range(message, "file_record", address, reference.length());
                int[] values = records.records().get(i);
                message.values(PointRun.ofInts("file_record", address, values, Math.min(values.length, reference.length())));
            }
        } else {
            message.ranges(known.ranges());
            if (pdu instanceof ReadDeviceIdentificationResponse identification) {
                for (ModbusPdu.DeviceObject object : identification.objects()) {
                    message.identity(ModbusFunctions.deviceObjectKey(object.id()), object.value());
                }
            }
        }
    }

    /** The points a response names by itself, whatever it answers: those of a write's echo (clauses 6.5-6.17). */
    private static OtMessage.Builder ownPoints(OtMessage.Builder message, ModbusPdu pdu) {
        if (pdu instanceof WriteSingleCoil coil) {
            range(message, "coil", coil.address(), 1);
        } else if (pdu instanceof WriteSingleRegister register) {
            range(message, "holding_register", register.address(), 1);
        } else if (pdu instanceof WriteMultipleResponse written) {
            range(message, written.function() == ModbusFunctions.WRITE_MULTIPLE_COILS ? "coil" : "holding_register",
                    written.address(), written.quantity());
        } else if (pdu instanceof MaskWriteRegister mask) {
            range(message, "holding_register", mask.address(), 1);
        } else if (pdu instanceof WriteFileRecord file) {
            fileRecords(message, file, false);
        }
        return message;
    }

    private static void fileRecords(OtMessage.Builder message, WriteFileRecord file, boolean withValues) {
        for (FileRecord record : file.records()) {
            long address = fileAddress(record.file(), record.record());
            range(message, "file_record", address, record.registers().length);
            if (withValues) {
                message.values(PointRun.ofInts("file_record", address, record.registers(), record.registers().length));
            }
        }
    }

    private static long fileAddress(int file, int record) {
        return file * FILE_RECORD_STRIDE + record;
    }

    /** The address space of functions 1-4. */
    private static String space(int function) {
        switch (function) {
            case ModbusFunctions.READ_COILS: return "coil";
            case ModbusFunctions.READ_DISCRETE_INPUTS: return "discrete_input";
            case ModbusFunctions.READ_INPUT_REGISTERS: return "input_register";
            default: return "holding_register";
        }
    }

    /** A range clipped to the 16-bit address space; none when it would be empty. */
    private static void range(OtMessage.Builder message, String space, long start, long count) {
        long clipped = space.equals("file_record") ? count : Math.min(count, ModbusParser.ADDRESS_SPACE - start);
        if (clipped >= 1) {
            message.range(space, start, clipped);
        }
    }

    /** Register values from {@code address}: as many as asked for, carried, and inside the address space. */
    private static void registers(OtMessage.Builder message, String space, int address, byte[] registerBytes,
                                  int quantity) {
        int count = Math.min(Math.min(quantity, registerBytes.length / 2), ModbusParser.ADDRESS_SPACE - address);
        if (count > 0) {
            message.values(PointRun.ofUnsignedShorts(space, address, registerBytes, count));
        }
    }

    /** Coil or discrete input values (0/1), packed as on the wire, first point in the low bit. */
    private static void bits(OtMessage.Builder message, String space, int address, byte[] packed, int quantity) {
        int count = Math.min(Math.min(quantity, packed.length * 8), ModbusParser.ADDRESS_SPACE - address);
        if (count > 0) {
            message.values(PointRun.ofBits(space, address, packed, count));
        }
    }

    @Override
    public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
        if (context.direction() == requestDirection) {
            requestsResynchronising = true;
        } else {
            responsesResynchronising = true;
            // Responses were lost: the requests outstanding now may have been answered in the
            // hole. They still pair with a response that comes, but never count as timed out.
            while (pending.size() > 0) {
                pending.moveOldestTo(beforeResponseGap);
            }
        }
    }

    @Override
    public void tick(long nowNanos, Consumer<? super OtEvent> out) {
        while (beforeResponseGap.size() > 0
                && nowNanos - beforeResponseGap.timestampNanos(0) > config.requestTimeoutNanos()) {
            beforeResponseGap.removeOldest();
            requestsLostInGaps++;
        }
        while (pending.size() > 0 && nowNanos - pending.timestampNanos(0) > config.requestTimeoutNanos()) {
            long frame = pending.frame(0);
            pending.moveOldestTo(timedOut);
            requestsTimedOut++;
            if (timedOutFrames.size() < MAX_REPORTED_TIMEOUTS) {
                timedOutFrames.add(frame);
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
