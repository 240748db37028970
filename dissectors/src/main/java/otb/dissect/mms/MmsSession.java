package otb.dissect.mms;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import otb.capture.Direction;
import otb.dissect.DissectorConfig;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.ParseStatus;
import otb.dissect.PendingByKey;
import otb.dissect.ProtocolSession;
import otb.dissect.StreamContext;
import otb.dissect.cotp.Cotp;
import otb.dissect.cotp.CotpStream;

/**
 * One TCP connection to an MMS server: on the TSDUs its {@link CotpStream} assembles, reads the session SPDU (ISO 8327-1), presentation PPDU (ISO 8823-1) and
 * ACSE APDU (ISO 8650-1) around each MMS PDU (ISO 9506-2), and pairs responses with requests by
 * invokeID. MMS PDUs sent straight in COTP data, with no session or presentation, are read too.
 */
final class MmsSession implements ProtocolSession, CotpStream.Receiver {
    /** Keys of pending requests: a kind in the high bits, the invokeID (Unsigned32) in the low ones. */
    private static final long CONFIRMED_KEYS = 0L;
    private static final long CANCEL_KEYS = 1L << 32;
    private static final long INITIATE_KEY = 2L << 32;
    private static final long CONCLUDE_KEY = 3L << 32;

    private final CotpStream cotp;
    private final IsoPresentation.Contexts contexts = new IsoPresentation.Contexts();
    /** Requests waiting for their answer, oldest first, at most {@link DissectorConfig#maxPendingRequests()}. */
    private final PendingByKey<Long, Pending> pending;

    MmsSession(DissectorConfig config) {
        this.pending = new PendingByKey<>(config, Pending::timestampNanos);
        this.cotp = new CotpStream(MmsProtocol.DESCRIPTOR, config.maxFragmentBytes(), this);
    }

    /** A request waiting for its response. */
    private record Pending(long frame, long timestampNanos, int service) {
    }

    @Override
    public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        return cotp.parse(in, context, out);
    }

    @Override
    public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
        cotp.gap(context.direction());
    }

    @Override
    public void tick(long nowNanos, Consumer<? super OtEvent> out) {
        pending.expire(nowNanos);
    }

    @Override
    public void close(long nowNanos, Consumer<? super OtEvent> out) {
        pending.clear();
        cotp.close();
    }

    /** CR, CC, DR, DC, ER: link-level messages. */
    @Override
    public void connection(Cotp.Tpdu tpdu, StreamContext context, Consumer<? super OtEvent> out) {
        out.accept(transport(tpdu, context));
    }

    private static OtMessage transport(Cotp.Tpdu tpdu, StreamContext context) {
        OtMessage.Builder message = OtMessage.builder(context, MmsProtocol.DESCRIPTOR, directionRole(context));
        MmsDetail.Transport detail;
        if (tpdu instanceof Cotp.Connect connect) {
            detail = new MmsDetail.Transport(connect.confirm() ? "CC" : "CR", hex(connect.calling()),
                    hex(connect.called()), 0);
            message.noFunction(MmsProtocol.COTP_LINK[connect.confirm() ? 1 : 0], OperationClass.LINK);
        } else if (tpdu instanceof Cotp.Disconnect disconnect) {
            detail = new MmsDetail.Transport(disconnect.confirm() ? "DC" : "DR", "", "", disconnect.reason());
            message.noFunction(MmsProtocol.COTP_LINK[disconnect.confirm() ? 3 : 2], OperationClass.LINK);
        } else if (tpdu instanceof Cotp.Error error) {
            detail = new MmsDetail.Transport("ER", "", "", error.rejectCause());
            message.noFunction(MmsProtocol.COTP_LINK[4], OperationClass.LINK).anomaly("cotp_error");
        } else {
            int code = tpdu instanceof Cotp.Other other ? other.code() : 0;
            detail = new MmsDetail.Transport(String.format("0x%02x", code), "", "", 0);
            message.noFunction(MmsProtocol.COTP_LINK[5], OperationClass.LINK).anomaly("unexpected_tpdu_type");
        }
        return message.detail(detail).build();
    }

    private static String hex(Cotp.Tsap tsap) {
        return tsap == null ? "" : tsap.hex();
    }

    /** One TSDU: session SPDUs around presentation user data, or an MMS PDU on its own. */
    @Override
    public void tsdu(ByteBuffer in, int offset, int length, StreamContext context, Consumer<? super OtEvent> out) {
        if (length == 0) {
            return;
        }
        int end = offset + length;
        if ((in.get(offset) & 0xC0) == Ber.CLASS_CONTEXT) {
            // an MMS PDU straight in COTP data (context class tags; session SPDU identifiers are below 0x40)
            Ber.Read read = Ber.read(in, offset, end);
            if (!read.ok()) {
                out.accept(context.malformed(MmsProtocol.DESCRIPTOR, read.failure(), length));
                return;
            }
            mms(in, read.element(), "none", "", -1, context, out);
            return;
        }
        IsoSession.Reading session = IsoSession.read(in, offset, end);
        if (!session.failure().isEmpty()) {
            out.accept(context.malformed(MmsProtocol.DESCRIPTOR, session.failure(), length));
            return;
        }
        String spdu = IsoSession.name(session.spdu());
        IsoPresentation.Carried carried = IsoPresentation.read(in, session.userData(),
                session.userData() + session.userDataLength(), contexts);
        String acse = carried.acse() >= 0 ? IsoPresentation.acseName(carried.acse()) : "";
        if (carried.mms() != null) {
            mms(in, carried.mms(), spdu, acse, carried.context(), context, out);
            return;
        }
        OtMessage.Builder message = OtMessage.builder(context, MmsProtocol.DESCRIPTOR, directionRole(context))
                .noFunction(acse.isEmpty() ? MmsProtocol.SESSION_PREFIX + spdu : acse, OperationClass.LINK);
        if (!carried.failure().isEmpty()) {
            message.anomaly(carried.failure());
        }
        out.accept(message.detail(new MmsDetail.Association(spdu, acse)).build());
    }

    private void mms(ByteBuffer in, Ber.Element element, String spdu, String acse, long presentationContext,
                     StreamContext context, Consumer<? super OtEvent> out) {
        MmsPdu pdu = MmsParser.parse(in, element);
        if (pdu == null) {
            out.accept(OtMessage.builder(context, MmsProtocol.DESCRIPTOR, directionRole(context))
                    .noFunction(MmsProtocol.UNDECODED, OperationClass.OTHER).anomaly("unknown_mms_pdu")
                    .detail(new MmsDetail.Association(spdu, acse)).build());
            return;
        }
        OtMessage.Builder message = OtMessage.builder(context, MmsProtocol.DESCRIPTOR,
                pdu.isRequest() ? MessageRole.REQUEST : MessageRole.RESPONSE);
        if (pdu.invokeId() >= 0) {
            message.transactionId(pdu.invokeId());
        }
        Pending asked = answered(pdu);
        int service = pdu.service() >= 0 ? pdu.service() : asked != null ? asked.service() : -1;
        name(message, pdu, service);
        if (asked != null) {
            message.pairedWith(asked.frame(), asked.timestampNanos());
        }
        if (pdu.errorClass() >= 0) {
            message.exception(pdu.errorClass() + 1, MmsPdu.errorClassName(pdu.errorClass()));
        }
        pdu.anomalies().forEach(message::anomaly);
        OtMessage built = message.detail(new MmsDetail.Pdu(spdu, acse, presentationContext, pdu)).build();
        long key = requestKey(pdu);
        if (key >= 0) {
            pending.remember(key, new Pending(built.frame(), built.timestampNanos(), pdu.service()));
        }
        out.accept(built);
    }

    /** The function and name: the confirmed service where there is one, else what the PDU is. */
    private static void name(OtMessage.Builder message, MmsPdu pdu, int service) {
        if (service >= 0 && (pdu.type() == MmsPdu.CONFIRMED_REQUEST || pdu.type() == MmsPdu.CONFIRMED_RESPONSE
                || pdu.type() == MmsPdu.CONFIRMED_ERROR)) {
            message.function(service, MmsServices.name(service), MmsServices.operation(service));
            return;
        }
        switch (pdu.type()) {
            case MmsPdu.CONFIRMED_REQUEST -> message.noFunction(MmsProtocol.CONFIRMED_REQUEST, OperationClass.OTHER);
            case MmsPdu.CONFIRMED_RESPONSE -> message.noFunction(MmsProtocol.CONFIRMED_RESPONSE, OperationClass.OTHER);
            case MmsPdu.CONFIRMED_ERROR -> message.noFunction(MmsProtocol.CONFIRMED_ERROR, OperationClass.OTHER);
            case MmsPdu.UNCONFIRMED -> {
                if (pdu.unconfirmedService() >= 0 && pdu.unconfirmedService() <= MmsPdu.MAX_UNCONFIRMED_TAG) {
                    message.noFunction(MmsPdu.unconfirmedName(pdu.unconfirmedService()), OperationClass.READ);
                } else {
                    message.noFunction(MmsProtocol.UNDECODED, OperationClass.OTHER);
                }
            }
            case MmsPdu.REJECT -> message.noFunction(MmsProtocol.REJECT, OperationClass.OTHER);
            case MmsPdu.CANCEL_REQUEST, MmsPdu.CANCEL_RESPONSE, MmsPdu.CANCEL_ERROR ->
                    message.noFunction(MmsProtocol.CANCEL, OperationClass.MANAGEMENT);
            case MmsPdu.INITIATE_REQUEST, MmsPdu.INITIATE_RESPONSE, MmsPdu.INITIATE_ERROR ->
                    message.noFunction(MmsProtocol.INITIATE, OperationClass.MANAGEMENT);
            default -> message.noFunction(MmsProtocol.CONCLUDE, OperationClass.MANAGEMENT);
        }
    }

    /** The key a request waits under, or -1 for a PDU that is no request. */
    private static long requestKey(MmsPdu pdu) {
        return switch (pdu.type()) {
            case MmsPdu.CONFIRMED_REQUEST -> pdu.invokeId() >= 0 ? CONFIRMED_KEYS | pdu.invokeId() : -1;
            case MmsPdu.CANCEL_REQUEST -> pdu.invokeId() >= 0 ? CANCEL_KEYS | pdu.invokeId() : -1;
            case MmsPdu.INITIATE_REQUEST -> INITIATE_KEY;
            case MmsPdu.CONCLUDE_REQUEST -> CONCLUDE_KEY;
            default -> -1;
        };
    }

    /** The request a response or error answers, removed from the pending ones; null when none waits. */
    private Pending answered(MmsPdu pdu) {
        long key = switch (pdu.type()) {
            case MmsPdu.CONFIRMED_RESPONSE, MmsPdu.CONFIRMED_ERROR ->
                    pdu.invokeId() >= 0 ? CONFIRMED_KEYS | pdu.invokeId() : -1;
            case MmsPdu.CANCEL_RESPONSE, MmsPdu.CANCEL_ERROR -> pdu.invokeId() >= 0 ? CANCEL_KEYS | pdu.invokeId() : -1;
            case MmsPdu.INITIATE_RESPONSE, MmsPdu.INITIATE_ERROR -> INITIATE_KEY;
            case MmsPdu.CONCLUDE_RESPONSE, MmsPdu.CONCLUDE_ERROR -> CONCLUDE_KEY;
            default -> -1;
        };
        return key < 0 ? null : pending.take(key);
    }


    private static MessageRole directionRole(StreamContext context) {
        return context.direction() == Direction.TO_SERVER ? MessageRole.REQUEST : MessageRole.RESPONSE;
    }

    /** Pending requests now (for tests of the bound). */
    int pendingCount() {
        return pending.size();
    }
}
