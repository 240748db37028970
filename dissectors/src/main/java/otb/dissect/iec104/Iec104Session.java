package otb.dissect.iec104;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
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

/**
 * One IEC 60870-5-104 connection: frames APDUs in both directions (several in one segment, or
 * one across segments), decodes each, pairs commands with their confirmation and emits one
 * {@link OtMessage} per APDU.
 *
 * <p>Framing (clause 5.1): a start octet 68H, a length octet of 4..253, then that many octets.
 * A header that fails these two checks (the only ones the standard gives the framing) is never
 * trusted: the bytes up to the next 68H are skipped and reported as one
 * {@link otb.dissect.Malformed}, and the header found there is believed as Wireshark believes it,
 * so a frame whose control octets break the rules is still a message, flagged. After a gap
 * (bytes lost, so the stream resumes at an arbitrary point where a 68H is most likely data) the
 * direction believes only a header the standard allows in full ({@link Apci#plausible}) until
 * one frames. An I frame too short for an ASDU header is {@code truncated_asdu}.
 *
 * <p>Messages: the controlling station's APDUs are requests, the controlled station's (the side
 * on port 2404) responses, whatever their format. Pairing: a command, set-point, parameter or
 * system command sent with cause activation (6) or deactivation (8) waits, in a deque bounded by
 * {@link DissectorConfig#maxPendingRequests()}, for the confirmation (7, 9) of the same type,
 * common address and first object; a read (C_RD_NA_1) waits for the first object sent with
 * cause request (5) at that address. A confirmation with the P/N bit set, or an answer with
 * cause 44-47 (unknown type, cause, common address or object), is an exception response
 * carrying its cause as the code.
 */
final class Iec104Session implements ProtocolSession {
    /** The name of S-format frames (clause 5.2). */
    static final String SUPERVISORY_NAME = "supervisory";

    private final DissectorConfig config;
    private final Direction controllingDirection;
    /** The most commands awaiting confirmation: {@link DissectorConfig#maxPendingRequests()}, at least one. */
    private final int maxPending;
    /** Commands and reads awaiting their confirmation, oldest first. */
    private final ArrayDeque<PendingCommand> pending = new ArrayDeque<>();
    /** Per direction (ordinal): after a gap, only a plausible header is believed. */
    private final boolean[] resynchronising = new boolean[2];
    /** Per direction: the N(S) the next I frame should carry, or -1 when not known. */
    private final int[] expectedSend = {-1, -1};

    /**
     * @param controllingDirection the direction the controlling station's APDUs travel: towards
     *                             the side on the IEC 104 port (see {@link Iec104Dissector#newSession})
     */
    Iec104Session(DissectorConfig config, Direction controllingDirection) {
        this.config = config;
        this.controllingDirection = controllingDirection;
        this.maxPending = Math.max(1, config.maxPendingRequests());
    }

    /**
     * A command remembered for pairing.
     *
     * @param key the type, the cause its answer carries, the common address and object (see {@link #key})
     */
    private record PendingCommand(long key, long frame, long timestampNanos) {
    }

    /** Type (8 bits), answering cause (6 bits), common address (16 bits) and object address (24 bits). */
    private static long key(int type, int answerCause, int commonAddress, long objectAddress) {
        return (long) type << 46 | (long) answerCause << 40 | (long) commonAddress << 24 | objectAddress;
    }

    @Override
    public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        int at = in.position();
        int available = in.limit() - at;
        int direction = context.direction().ordinal();
        if ((in.get(at) & 0xFF) != Apci.START) {
            return skip(in, context, out, "no_start_octet");
        }
        if (available < 2) {
            return ParseStatus.NEED_MORE;
        }
        int length = Apci.length(in, at);
        if (!Apci.lengthInRange(length)) {
            return skip(in, context, out, "length_out_of_range");
        }
        if (available < Apci.HEADER_BYTES) {
            return ParseStatus.NEED_MORE;
        }
        if (resynchronising[direction] && !Apci.plausible(in, at)) {
            return skip(in, context, out, "unframed_bytes");
        }
        if (available < 2 + length) {
            return ParseStatus.NEED_MORE;
        }
        in.position(at + 2 + length);
        resynchronising[direction] = false;
        int octet1 = Apci.controlOctet(in, at, 1);
        switch (Apci.format(octet1)) {
            case I -> information(in, at, length, context, out);
            // N(R): every I frame the peer numbered below it was received (IEC 60870-5-104, 5.1)
            case S -> out.accept(linkMessage(context, SUPERVISORY_NAME, length,
                    new Iec104Detail.Supervisory(length, Apci.receiveSequence(in, at)))
                    .sequence("receive_sequence", 0, Apci.receiveSequence(in, at), 15, 1).build());
            case U -> {
                Apci.UFunction function = Apci.UFunction.of(octet1);
                OtMessage.Builder message = linkMessage(context,
                        function == null ? Apci.UFunction.UNKNOWN_NAME : function.wireName, length,
                        new Iec104Detail.Unnumbered(length, octet1));
                if (function == null) {
                    message.anomaly("unknown_u_function");
                }
                out.accept(message.build());
            }
        }
        return ParseStatus.OK;
    }

    /** An S or U frame: no function code, class LINK; the standard makes them six octets. */
    private OtMessage.Builder linkMessage(StreamContext context, String name, int length, Iec104Detail detail) {
        OtMessage.Builder message = OtMessage.builder(context, Iec104Protocol.DESCRIPTOR, role(context))
                .noFunction(name, OperationClass.LINK)
                .detail(detail);
        if (length != Apci.MIN_LENGTH) {
            message.anomaly("apdu_length_mismatch");
        }
        return message;
    }

    private MessageRole role(StreamContext context) {
        return context.direction() == controllingDirection ? MessageRole.REQUEST : MessageRole.RESPONSE;
    }

    private void information(ByteBuffer in, int at, int length, StreamContext context, Consumer<? super OtEvent> out) {
        int direction = context.direction().ordinal();
        int sendSequence = Apci.sendSequence(in, at);
        boolean sequenceGap = expectedSend[direction] >= 0 && sendSequence != expectedSend[direction];
        expectedSend[direction] = (sendSequence + 1) % Apci.SEQUENCE_MODULO;
        int asduLength = length - Apci.MIN_LENGTH;
        if (asduLength < Asdu.HEADER_BYTES) {
            out.accept(context.malformed(Iec104Protocol.DESCRIPTOR, "truncated_asdu", 2 + length));
            return;
        }
        Asdu asdu = AsduParser.parse(in, at + Apci.HEADER_BYTES, asduLength);
        TypeId type = asdu.type();
        MessageRole role = role(context);
        OperationClass operation = type == null ? OperationClass.OTHER : type.operation();
        OtMessage.Builder message = OtMessage.builder(context, Iec104Protocol.DESCRIPTOR, role)
                .unit(asdu.commonAddress())
                .function(asdu.typeCode(), type == null ? Iec104Protocol.unknownTypeName(asdu.typeCode()) : type.wireName,
                        operation)
                // N(S): each side numbers the I frames it sends, modulo 32768 (IEC 60870-5-104, 5.1)
                .sequence("send_sequence", 0, sendSequence, 15, 1)
                // N(R): acknowledges the peer's I frames numbered below it
                .sequence("receive_sequence", 0, Apci.receiveSequence(in, at), 15, 1)
                .detail(new Iec104Detail.Information(length, sendSequence, Apci.receiveSequence(in, at), asdu));
        for (String anomaly : asdu.anomalies()) {
            message.anomaly(anomaly);
        }
        if (sequenceGap) {
            message.anomaly("send_sequence_gap");
        }
        if (type != null) {
            points(type, asdu.objects(), role, message);
            pair(type, asdu, role, context, message);
        }
        out.accept(message.build());
    }

    /**
     * Points touched, and the values the message carries: what the controlled station reports
     * (monitor types), or what the controlling station commands. A confirmation repeats its
     * command's value: the record shows it, the message carries none.
     */
    private static void points(TypeId type, List<InformationObject> objects, MessageRole role, OtMessage.Builder message) {
        String space = type.space();
        if (space == null) {
            return;
        }
        long runStart = -1;
        long runEnd = -1;
        for (InformationObject object : objects) {
            if (runStart >= 0 && object.address() == runEnd + 1) {
                runEnd = object.address();
                continue;
            }
            if (runStart >= 0) {
                message.range(space, runStart, runEnd - runStart + 1);
            }
            runStart = object.address();
            runEnd = runStart;
        }
        if (runStart >= 0) {
            message.range(space, runStart, runEnd - runStart + 1);
        }
        OperationClass operation = type.operation();
        boolean carriesValues = role == MessageRole.RESPONSE ? operation == OperationClass.READ
                : operation == OperationClass.WRITE || operation == OperationClass.CONTROL;
        if (!carriesValues) {
            return;
        }
        for (InformationObject object : objects) {
            if (object.hasValue() && Double.isFinite(object.value())) {
                message.value(space, object.address(), object.value());
            }
        }
    }

    private void pair(TypeId type, Asdu asdu, MessageRole role, StreamContext context, OtMessage.Builder message) {
        int cause = asdu.cause();
        long objectAddress = asdu.objects().isEmpty() ? 0 : asdu.objects().get(0).address();
        if (role == MessageRole.REQUEST) {
            int answer = type == TypeId.C_RD_NA_1 ? CauseOfTransmission.REQUEST
                    : type.isCommand() && cause == CauseOfTransmission.ACTIVATION ? CauseOfTransmission.ACTIVATION_CONFIRMATION
                    : type.isCommand() && cause == CauseOfTransmission.DEACTIVATION ? CauseOfTransmission.DEACTIVATION_CONFIRMATION
                    : 0;
            if (answer != 0) {
                if (pending.size() >= maxPending) {
                    pending.removeFirst();
                    message.anomaly("pending_requests_full");
                }
                int pairedType = type == TypeId.C_RD_NA_1 ? 0 : type.code;
                pending.addLast(new PendingCommand(key(pairedType, answer, asdu.commonAddress(), objectAddress),
                        context.frame(), context.timestampNanos()));
            }
            return;
        }
        if (CauseOfTransmission.isRejection(cause, asdu.negative())) {
            message.exception(cause, asdu.negative() ? "negative_confirmation" : CauseOfTransmission.name(cause));
        }
        boolean confirmation = cause == CauseOfTransmission.ACTIVATION_CONFIRMATION
                || cause == CauseOfTransmission.DEACTIVATION_CONFIRMATION;
        if (confirmation || cause == CauseOfTransmission.REQUEST) {
            int pairedType = cause == CauseOfTransmission.REQUEST ? 0 : type.code;
            PendingCommand command = take(key(pairedType, cause, asdu.commonAddress(), objectAddress));
            if (command != null) {
                message.pairedWith(command.frame(), command.timestampNanos());
            } else if (confirmation) {
                message.anomaly("confirmation_without_command");
            }
        }
    }

    /** The oldest pending command with this key, removed; null if none. */
    private PendingCommand take(long key) {
        for (Iterator<PendingCommand> it = pending.iterator(); it.hasNext(); ) {
            PendingCommand command = it.next();
            if (command.key() == key) {
                it.remove();
                return command;
            }
        }
        return null;
    }

    /** Skips to the next start octet after the current position (or to the end) and reports the bytes. */
    private ParseStatus skip(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out, String reason) {
        int start = in.position();
        int limit = in.limit();
        int next = start + 1;
        while (next < limit && (in.get(next) & 0xFF) != Apci.START) {
            next++;
        }
        in.position(next);
        out.accept(context.malformed(Iec104Protocol.DESCRIPTOR, reason, next - start));
        return ParseStatus.OK;
    }

    @Override
    public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
        int direction = context.direction().ordinal();
        resynchronising[direction] = true;
        expectedSend[direction] = -1;
    }

    @Override
    public void tick(long nowNanos, Consumer<? super OtEvent> out) {
        long timeout = config.requestTimeoutNanos();
        while (!pending.isEmpty() && nowNanos - pending.peekFirst().timestampNanos() > timeout) {
            pending.removeFirst();
        }
    }

    @Override
    public void close(long nowNanos, Consumer<? super OtEvent> out) {
        pending.clear();
    }
}
