package otb.dissect.modbus;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import otb.dissect.ProtocolDetail;

/**
 * The Modbus-specific part of a message: MBAP header fields and the decoded PDU.
 *
 * @param mbapLength              the MBAP length field (unit id + PDU bytes), 2..254
 * @param protocolId              the MBAP protocol id, 0 for Modbus (anything else is flagged)
 * @param pdu                     the decoded PDU
 * @param timedOutRequestFrames   frame numbers of requests of this flow that went unanswered for
 *                                longer than the request timeout since the previous message of the
 *                                flow (see {@link ModbusSession}); usually empty
 */
public record ModbusDetail(int mbapLength, int protocolId, ModbusPdu pdu, List<Long> timedOutRequestFrames)
        implements ProtocolDetail {

    public ModbusDetail {
        timedOutRequestFrames = List.copyOf(timedOutRequestFrames);
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("mbap_length", mbapLength);
        fields.put("protocol_id", protocolId);
        pdu.describe(fields);
        if (!timedOutRequestFrames.isEmpty()) {
            fields.put("timed_out_request_frames", timedOutRequestFrames);
        }
        return fields;
    }
}
