package otb.dissect.goose;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import otb.dissect.MessageRole;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.ParseStatus;
import otb.dissect.ProtocolSession;
import otb.dissect.StreamContext;

/**
 * The GOOSE publications of one flow (a publisher to a multicast group on one VLAN), one frame per
 * delivery. Remembers each control block's last stNum and sqNum to mark state changes and the
 * breaks of IEC 61850-8-1 clause 18.1.2.5's counting: {@code st_num_backwards} (stNum went down,
 * other than wrapping from 2^32-1), {@code sq_num_reset} (sqNum went down while stNum stayed).
 */
final class GooseSession implements ProtocolSession {
    /** Space of the data set entries in points and values; the unit is the APPID. */
    static final String DATA_SPACE = "goose_data";

    private record Counters(long stNum, long sqNum) {
    }

    /** Last counters by gocbRef, least recently used first, at most MAX_CONTROL_BLOCKS_PER_FLOW. */
    private final Map<String, Counters> last = new LinkedHashMap<>(4, 0.75f, true);

    @Override
    public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        GoosePdu pdu = GooseParser.parse(in, in.position(), in.limit());
        if (pdu == null) {
            out.accept(context.malformed(GooseProtocol.DESCRIPTOR, "bad_goose_pdu", in.remaining()));
            in.position(in.limit());
            return ParseStatus.OK;
        }
        // Bytes after the Length field are Ethernet padding: the whole delivery is consumed.
        in.position(in.limit());
        OtMessage.Builder message = OtMessage.builder(context, GooseProtocol.DESCRIPTOR, MessageRole.REQUEST)
                .unit(pdu.appId())
                .noFunction(GooseProtocol.PUBLISH_NAME, GooseProtocol.DESCRIPTOR.functions()
                        .get(GooseProtocol.PUBLISH_NAME).operation())
                .transactionId(pdu.sqNum());
        for (String anomaly : pdu.anomalies()) {
            message.anomaly(anomaly);
        }
        boolean stateChange = false;
        Counters previous = last.get(pdu.gocbRef());
        if (previous != null) {
            stateChange = previous.stNum != pdu.stNum();
            if (pdu.stNum() < previous.stNum && !(previous.stNum == 0xFFFF_FFFFL && pdu.stNum() <= 1)) {
                message.anomaly("st_num_backwards");
            } else if (!stateChange && pdu.sqNum() < previous.sqNum) {
                message.anomaly("sq_num_reset");
            }
        } else if (last.size() >= GooseLimits.MAX_CONTROL_BLOCKS_PER_FLOW) {
            last.remove(last.keySet().iterator().next());
        }
        last.put(pdu.gocbRef(), new Counters(pdu.stNum(), pdu.sqNum()));
        if (pdu.dataItems() > 0) {
            message.range(DATA_SPACE, 0, pdu.dataItems());
        }
        for (int i = 0; i < pdu.values().size(); i++) {
            double value = pdu.values().get(i);
            if (!Double.isNaN(value)) {
                message.value(DATA_SPACE, i, value);
            }
        }
        out.accept(message.detail(new GooseDetail(pdu, stateChange)).build());
        return ParseStatus.OK;
    }

    @Override
    public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
        // Datagrams: nothing partial to void.
    }
}
