package otb.dissect.iec104;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otb.dissect.ProtocolDetail;

/**
 * The IEC 104 fields of a message beyond the common ones: the APCI of its APDU and, for an I
 * frame, the ASDU's data unit identifier and information objects. One record per frame format.
 */
sealed interface Iec104Detail extends ProtocolDetail {

    /**
     * An I-format APDU (clause 5.1, figure 6).
     *
     * @param apduLength      the length octet, 4..253
     * @param sendSequence    N(S), 0..32767
     * @param receiveSequence N(R), 0..32767
     * @param asdu            the ASDU it carries
     */
    record Information(int apduLength, int sendSequence, int receiveSequence, Asdu asdu) implements Iec104Detail {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("apci", "i");
            f.put("apdu_length", apduLength);
            f.put("send_seq", sendSequence);
            f.put("recv_seq", receiveSequence);
            f.put("type_id", asdu.typeCode());
            f.put("sq", asdu.sequence());
            f.put("count", asdu.count());
            f.put("cot", asdu.cause());
            f.put("cot_name", CauseOfTransmission.name(asdu.cause()));
            f.put("negative", asdu.negative());
            f.put("test", asdu.test());
            f.put("originator", asdu.originator());
            f.put("common_address", asdu.commonAddress());
            if (!asdu.objects().isEmpty()) {
                List<Object> objects = new ArrayList<>(asdu.objects().size());
                for (InformationObject object : asdu.objects()) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("ioa", object.address());
                    if (object.hasValue()) {
                        o.put("value", object.value());
                    }
                    o.putAll(object.attributes());
                    objects.add(o);
                }
                f.put("objects", objects);
            }
            return f;
        }
    }

    /**
     * An S-format APDU (clause 5.2, figure 7): an acknowledgement of received I frames.
     *
     * @param apduLength      the length octet (4 by the standard)
     * @param receiveSequence N(R), 0..32767
     */
    record Supervisory(int apduLength, int receiveSequence) implements Iec104Detail {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("apci", "s");
            f.put("apdu_length", apduLength);
            f.put("recv_seq", receiveSequence);
            return f;
        }
    }

    /**
     * A U-format APDU (clause 5.3, figure 8): STARTDT, STOPDT or TESTFR, act or con.
     *
     * @param apduLength   the length octet (4 by the standard)
     * @param controlOctet control octet 1, whose bits 2-7 name the function
     */
    record Unnumbered(int apduLength, int controlOctet) implements Iec104Detail {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("apci", "u");
            f.put("apdu_length", apduLength);
            f.put("u_control", controlOctet);
            return f;
        }
    }
}
