package otb.dissect.lldp;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.ParseStatus;
import otb.dissect.ProtocolDetail;
import otb.dissect.ProtocolSession;
import otb.dissect.StreamContext;

/** The LLDPDUs of one flow (a station to the LLDP group), one per delivery; what they say names the sender. */
final class LldpSession implements ProtocolSession {

    @Override
    public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        Lldpdu pdu = Lldpdu.parse(in, in.position(), in.limit());
        if (pdu == null) {
            out.accept(context.malformed(LldpProtocol.DESCRIPTOR, "bad_lldpdu", in.remaining()));
            in.position(in.limit());
            return ParseStatus.OK;
        }
        in.position(in.limit());
        OtMessage.Builder message = OtMessage.builder(context, LldpProtocol.DESCRIPTOR, MessageRole.REQUEST)
                .noFunction(LldpProtocol.ADVERTISE_NAME, OperationClass.LINK);
        for (String anomaly : pdu.anomalies()) {
            message.anomaly(anomaly);
        }
        for (String key : new String[] {"system_name", "system_description", "chassis_id"}) {
            Object value = pdu.fields().get(key);
            if (value != null) {
                message.identity(key, value.toString());
            }
        }
        if (pdu.fields().get("management_addresses") instanceof java.util.List<?> addresses) {
            message.identity("management_address", String.join(",", addresses.stream().map(String::valueOf).toList()));
        }
        Map<String, Object> fields = pdu.fields();
        ProtocolDetail detail = () -> fields;
        out.accept(message.detail(detail).build());
        return ParseStatus.OK;
    }

    @Override
    public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
        // Datagrams: nothing partial to void.
    }
}
