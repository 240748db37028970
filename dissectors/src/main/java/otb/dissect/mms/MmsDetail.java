package otb.dissect.mms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otb.dissect.ProtocolDetail;

/** The MMS fields of a message beyond the common ones; one record per layer that carried it. */
sealed interface MmsDetail extends ProtocolDetail {

    /**
     * An MMS PDU and the layers it came in.
     *
     * @param spdu    the session SPDU's name ({@code connect}, {@code data_transfer}, ...), {@code none}
     *                when the MMS PDU sat directly in the COTP data
     * @param acse    the ACSE APDU's name when one carried it ({@code associate_request}), else ""
     * @param context the presentation context identifier, -1 when none
     * @param pdu     the PDU
     */
    record Pdu(String spdu, String acse, long context, MmsPdu pdu) implements MmsDetail {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("pdu", MmsPdu.typeName(pdu.type()));
            if (pdu.invokeId() >= 0) {
                f.put("invoke_id", pdu.invokeId());
            }
            f.put("spdu", spdu);
            if (!acse.isEmpty()) {
                f.put("acse", acse);
            }
            if (context >= 0) {
                f.put("context", context);
            }
            if (pdu.errorClass() >= 0) {
                f.put("error_class", MmsPdu.errorClassName(pdu.errorClass()));
                f.put("error_code", pdu.errorCode());
            }
            if (pdu.rejectReason() >= 0) {
                f.put("reject_reason", pdu.rejectReason());
                f.put("reject_code", pdu.rejectCode());
            }
            if (!pdu.variables().isEmpty()) {
                List<Object> variables = new ArrayList<>(pdu.variables().size());
                for (MmsPdu.ObjectName name : pdu.variables()) {
                    Map<String, Object> v = new LinkedHashMap<>();
                    if (!name.domain().isEmpty()) {
                        v.put("domain", name.domain());
                    }
                    v.put("item", name.item());
                    if (!name.scope().equals("domain")) {
                        v.put("scope", name.scope());
                    }
                    variables.add(v);
                }
                f.put("variables", variables);
            }
            if (pdu.variableCount() > pdu.variables().size()) {
                f.put("variable_count", pdu.variableCount());
            }
            if (!pdu.variableList().isEmpty()) {
                f.put("variable_list", pdu.variableList());
            }
            if (!pdu.domain().isEmpty()) {
                f.put("domain", pdu.domain());
            }
            if (!pdu.programInvocation().isEmpty()) {
                f.put("program_invocation", pdu.programInvocation());
            }
            return f;
        }
    }

    /**
     * A session or association message carrying no MMS PDU (a release, an abort, a session
     * disconnect), or one whose user data otb could not read.
     *
     * @param spdu the session SPDU's name
     * @param acse the ACSE APDU's name, or ""
     */
    record Association(String spdu, String acse) implements MmsDetail {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("spdu", spdu);
            if (!acse.isEmpty()) {
                f.put("acse", acse);
            }
            return f;
        }
    }

    /**
     * A COTP connection, disconnection or error TPDU (ISO 8073 13.3 to 13.6, 13.12).
     *
     * @param cotp        CR, CC, DR, DC, ER or the code of another TPDU
     * @param callingTsap calling TSAP in hex, "" when absent
     * @param calledTsap  called TSAP in hex, "" when absent
     * @param reason      disconnect reason or reject cause, 0 when none
     */
    record Transport(String cotp, String callingTsap, String calledTsap, int reason) implements MmsDetail {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("cotp", cotp);
            if (!callingTsap.isEmpty()) {
                f.put("calling_tsap", callingTsap);
            }
            if (!calledTsap.isEmpty()) {
                f.put("called_tsap", calledTsap);
            }
            if (reason != 0) {
                f.put("reason", reason);
            }
            return f;
        }
    }
}
