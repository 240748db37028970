package otb.dissect.mms;

import java.util.List;

/**
 * One MMS PDU as otb reads it (ISO 9506-2 7.1, MMSpdu).
 *
 * @param type               the MMSpdu alternative's tag, 0..13 ({@link #typeName})
 * @param invokeId           invokeID (confirmed PDUs; the original invokeID of cancel and reject PDUs),
 *                           0..2^32-1, or -1 when the PDU has none
 * @param service            the confirmed service's tag (7.3.2), 0..{@link MmsServices#MAX_TAG} for the
 *                           named ones, or -1 when the PDU names none
 * @param unconfirmedService the unconfirmed service's tag (7.4: 0 informationReport, 1 unsolicitedStatus,
 *                           2 eventNotification), or -1
 * @param errorClass         ServiceError errorClass tag (7.6, 0 vmd-state .. 12 others), or -1
 * @param errorCode          the error code within that class, or -1
 * @param rejectReason       RejectPDU rejectReason tag (7.5: 1 confirmed-requestPDU .. 11 conclude-errorPDU), or -1
 * @param rejectCode         the reject code within that reason, or -1
 * @param variables          ObjectNames of the variables a read, write or attribute query names, in order,
 *                           at most {@link MmsLimits#MAX_VARIABLES_PER_MESSAGE}
 * @param variableCount      how many variables it names, including those not listed
 * @param variableList       the named variable list it reads or writes, "" when none
 * @param domain             the domain a domain service or get-name-list names, "" when none
 * @param programInvocation  the program invocation a program invocation service names, "" when none
 * @param anomalies          stable snake_case flags of a PDU that is readable but not as the standard says
 */
record MmsPdu(int type, long invokeId, int service, int unconfirmedService, int errorClass, int errorCode,
              int rejectReason, int rejectCode, List<ObjectName> variables, int variableCount, String variableList,
              String domain, String programInvocation, List<String> anomalies) {

    static final int CONFIRMED_REQUEST = 0;
    static final int CONFIRMED_RESPONSE = 1;
    static final int CONFIRMED_ERROR = 2;
    static final int UNCONFIRMED = 3;
    static final int REJECT = 4;
    static final int CANCEL_REQUEST = 5;
    static final int CANCEL_RESPONSE = 6;
    static final int CANCEL_ERROR = 7;
    static final int INITIATE_REQUEST = 8;
    static final int INITIATE_RESPONSE = 9;
    static final int INITIATE_ERROR = 10;
    static final int CONCLUDE_REQUEST = 11;
    static final int CONCLUDE_RESPONSE = 12;
    static final int CONCLUDE_ERROR = 13;

    MmsPdu {
        variables = List.copyOf(variables);
        anomalies = List.copyOf(anomalies);
    }

    /**
     * An MMS ObjectName (7.5.2): vmd-specific, domain-specific (domain and item) or aa-specific.
     *
     * @param scope  "vmd", "domain" or "aa"
     * @param domain the domainId of a domain-specific name, "" otherwise
     * @param item   the itemId, or the identifier of a vmd- or aa-specific name
     */
    record ObjectName(String scope, String domain, String item) {
    }

    /** The MMSpdu alternative's name, snake case (confirmed_request, initiate_response, ...). */
    static String typeName(int type) {
        return switch (type) {
            case CONFIRMED_REQUEST -> "confirmed_request";
            case CONFIRMED_RESPONSE -> "confirmed_response";
            case CONFIRMED_ERROR -> "confirmed_error";
            case UNCONFIRMED -> "unconfirmed";
            case REJECT -> "reject";
            case CANCEL_REQUEST -> "cancel_request";
            case CANCEL_RESPONSE -> "cancel_response";
            case CANCEL_ERROR -> "cancel_error";
            case INITIATE_REQUEST -> "initiate_request";
            case INITIATE_RESPONSE -> "initiate_response";
            case INITIATE_ERROR -> "initiate_error";
            case CONCLUDE_REQUEST -> "conclude_request";
            case CONCLUDE_RESPONSE -> "conclude_response";
            case CONCLUDE_ERROR -> "conclude_error";
            default -> "pdu_" + type;
        };
    }

    /** The largest UnconfirmedService tag (eventNotification). */
    static final int MAX_UNCONFIRMED_TAG = 2;

    /** ISO 9506-2 7.4: UnconfirmedService alternatives. */
    static String unconfirmedName(int tag) {
        return switch (tag) {
            case 0 -> "information_report";
            case 1 -> "unsolicited_status";
            case 2 -> "event_notification";
            default -> "unconfirmed_service_" + tag;
        };
    }

    /** ISO 9506-2 7.6: ServiceError errorClass alternatives. */
    static String errorClassName(int tag) {
        return switch (tag) {
            case 0 -> "vmd_state";
            case 1 -> "application_reference";
            case 2 -> "definition";
            case 3 -> "resource";
            case 4 -> "service";
            case 5 -> "service_preempt";
            case 6 -> "time_resolution";
            case 7 -> "access";
            case 8 -> "initiate";
            case 9 -> "conclude";
            case 10 -> "cancel";
            case 11 -> "file";
            case 12 -> "others";
            default -> "error_class_" + tag;
        };
    }

    /** True for the PDUs a client sends and a server answers (their responses carry the same invokeID). */
    boolean isRequest() {
        return type == CONFIRMED_REQUEST || type == CANCEL_REQUEST || type == INITIATE_REQUEST
                || type == CONCLUDE_REQUEST;
    }
}
