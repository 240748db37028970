package otb.dissect.mms;

import otb.capture.Transport;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;

/** The MMS descriptor (see {@link Protocol}): ISO 9506 over ISO session and presentation on port 102. */
public final class MmsProtocol {
    private MmsProtocol() {
    }

    /** RFC 1006 section 5: ISO transport on TCP listens on port 102, shared with S7: content decides. */
    public static final int ISO_TSAP_PORT = 102;

    /** Names of messages with no confirmed service (link, association, unconfirmed, reject). */
    static final String INITIATE = "initiate";
    static final String CONCLUDE = "conclude";
    static final String CANCEL = "cancel";
    static final String REJECT = "reject";
    static final String CONFIRMED_ERROR = "confirmed_error";
    static final String CONFIRMED_REQUEST = "confirmed_request";
    static final String CONFIRMED_RESPONSE = "confirmed_response";
    static final String UNDECODED = "undecoded";
    static final String SESSION_PREFIX = "session_";
    static final String[] COTP_LINK = {"cotp_connection_request", "cotp_connection_confirm",
        "cotp_disconnect_request", "cotp_disconnect_confirm", "cotp_error", "cotp_other"};

    /**
     * MMS, as IEC 61850 servers speak it: {@code func} is the confirmed service's tag (ISO 9506-2
     * 7.3.2). Domain download and upload, domain deletion and program invocation creation and
     * deletion, start, resume, stop, kill and reset get their effects ({@link MmsServices#effect}).
     */
    public static final Protocol DESCRIPTOR = describe();

    private static Protocol describe() {
        Protocol.Builder protocol = Protocol.builder("mms", "MMS (IEC 61850)", "#0f766e")
                .hintPort(Transport.TCP, ISO_TSAP_PORT)
                .roles("mms_client", "mms_server");
        for (int tag = 0; tag <= MmsServices.MAX_TAG; tag++) {
            protocol.function(tag, MmsServices.name(tag), MmsServices.operation(tag), MmsServices.effect(tag));
        }
        for (String name : new String[] {INITIATE, CONCLUDE, CANCEL}) {
            protocol.function(-1, name, OperationClass.MANAGEMENT);
        }
        for (int tag = 0; tag <= MmsPdu.MAX_UNCONFIRMED_TAG; tag++) {
            protocol.function(-1, MmsPdu.unconfirmedName(tag), OperationClass.READ);
        }
        for (String name : new String[] {REJECT, CONFIRMED_ERROR, CONFIRMED_REQUEST, CONFIRMED_RESPONSE, UNDECODED}) {
            protocol.function(-1, name, OperationClass.OTHER);
        }
        for (int tag = 0; tag <= 4; tag++) {
            protocol.function(-1, IsoPresentation.acseName(tag), OperationClass.LINK);
        }
        for (int spdu : new int[] {IsoSession.DATA_TRANSFER, IsoSession.PLEASE_TOKENS, IsoSession.EXPEDITED,
            IsoSession.NOT_FINISHED, IsoSession.FINISH, IsoSession.DISCONNECT, IsoSession.REFUSE, IsoSession.CONNECT,
            IsoSession.ACCEPT, IsoSession.ABORT, IsoSession.ABORT_ACCEPT, IsoSession.TYPED_DATA}) {
            protocol.function(-1, SESSION_PREFIX + IsoSession.name(spdu), OperationClass.LINK);
        }
        for (String link : COTP_LINK) {
            protocol.function(-1, link, OperationClass.LINK);
        }
        return protocol.build();
    }
}
