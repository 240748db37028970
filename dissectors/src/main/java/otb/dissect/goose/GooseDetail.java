package otb.dissect.goose;

import java.util.LinkedHashMap;
import java.util.Map;
import otb.dissect.MessageRecord;
import otb.dissect.ProtocolDetail;

/**
 * The GOOSE fields of a publication beyond the common ones.
 *
 * @param pdu         the frame
 * @param stateChange true when stNum differs from the previous publication of the same control
 *                    block on the flow (false for the first one seen)
 */
record GooseDetail(GoosePdu pdu, boolean stateChange) implements ProtocolDetail {
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("app_id", pdu.appId());
        f.put("gocb_ref", pdu.gocbRef());
        f.put("dat_set", pdu.dataSet());
        if (!pdu.goId().isEmpty()) {
            f.put("go_id", pdu.goId());
        }
        f.put("st_num", pdu.stNum());
        f.put("sq_num", pdu.sqNum());
        f.put("state_change", stateChange);
        f.put("time_allowed_to_live", pdu.timeAllowedToLive());
        if (pdu.timestampNanos() >= 0) {
            f.put("t", MessageRecord.timestamp(pdu.timestampNanos()));
        }
        f.put("simulation", pdu.simulation());
        f.put("test", pdu.test());
        f.put("conf_rev", pdu.confRev());
        f.put("nds_com", pdu.ndsCom());
        f.put("num_dat_set_entries", pdu.entries());
        return f;
    }
}
