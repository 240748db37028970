package otb.dissect.pndcp;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.Consumer;
import otb.dissect.MessageRole;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.ParseStatus;
import otb.dissect.ProtocolFunction;
import otb.dissect.ProtocolSession;
import otb.dissect.StreamContext;

/**
 * The PROFINET frames of one flow (two MAC addresses, EtherType 0x8892), one per delivery. DCP
 * frames become records; the other real-time frames (cyclic I/O, alarms, PTCP) share the
 * EtherType and the flow and are consumed without a record: their traffic is counted with the
 * flow. A response's identity (name of station, vendor and device id, IP address) describes the
 * device that sent it.
 */
final class PnDcpSession implements ProtocolSession {

    @Override
    public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        int at = in.position();
        if (in.limit() - at < 2 || !DcpFrame.isDcpFrameId(in.getShort(at) & 0xFFFF)) {
            in.position(in.limit());
            return ParseStatus.OK;
        }
        DcpFrame frame = DcpFrame.parse(in, at, in.limit());
        if (frame == null) {
            out.accept(context.malformed(PnDcpProtocol.DESCRIPTOR, "bad_dcp_header", in.remaining()));
            in.position(in.limit());
            return ParseStatus.OK;
        }
        in.position(in.limit());
        String name = DcpFrame.serviceName(frame.service());
        ProtocolFunction function = PnDcpProtocol.DESCRIPTOR.functions().get(name);
        OtMessage.Builder message = OtMessage.builder(context, PnDcpProtocol.DESCRIPTOR,
                        frame.request() ? MessageRole.REQUEST : MessageRole.RESPONSE)
                .function(frame.service(), name, function.operation())
                .transactionId(frame.xid());
        if (frame.serviceType() == 5) {
            message.exception(5, "request_not_supported");
        }
        Object blockError = frame.fields().get("block_error");
        if (blockError instanceof Integer error && error != 0) {
            message.exception(error, "block_error_" + error);
        }
        for (String anomaly : frame.anomalies()) {
            message.anomaly(anomaly);
        }
        if (!frame.request() || frame.service() == DcpFrame.SERVICE_HELLO) {
            // What a device says of itself; an identify request's blocks are only a filter.
            for (String key : new String[] {"name_of_station", "vendor_id", "device_id", "device_vendor", "ip"}) {
                Object value = frame.fields().get(key);
                if (value != null) {
                    message.identity(key.equals("ip") ? "ip_address" : key, String.valueOf(value));
                }
            }
        }
        out.accept(message.detail(new PnDcpDetail(frame)).build());
        return ParseStatus.OK;
    }

    @Override
    public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
        // Datagrams: nothing partial to void.
    }

    /** The DCP fields of a record. */
    private record PnDcpDetail(DcpFrame frame) implements otb.dissect.ProtocolDetail {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new java.util.LinkedHashMap<>();
            f.put("frame_id", frame.frameId());
            f.put("service_type", DcpFrame.serviceTypeName(frame.serviceType()));
            f.put("xid", frame.xid());
            if (frame.frameId() == DcpFrame.FRAME_ID_IDENTIFY_REQUEST) {
                f.put("response_delay", frame.responseDelay());
            }
            f.put("options", frame.options());
            f.putAll(frame.fields());
            return f;
        }
    }
}
