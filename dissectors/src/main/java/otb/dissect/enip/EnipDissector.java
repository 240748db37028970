package otb.dissect.enip;

import java.nio.ByteBuffer;
import java.util.List;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.Probe;
import otb.dissect.Protocol;
import otb.dissect.ProtocolDissector;
import otb.dissect.ProtocolSession;

/**
 * EtherNet/IP (TCP and UDP 44818) and its class 0/1 I/O (UDP 2222), carrying CIP. Detected by
 * content: an encapsulation header with a known command, a length that fits and options 0
 * (Vol 2 2-3); away from the hint ports its data must frame too (a common packet format for
 * SendRRData and SendUnitData, nothing for requests that have no data). On UDP a bare common
 * packet format with a sequenced address item is I/O. One connection table serves all sessions
 * of the pipeline, so I/O and connected messages find the Forward Open of another flow.
 */
public final class EnipDissector implements ProtocolDissector {
    private final ConnectionTable connections = new ConnectionTable();

    @Override
    public Protocol protocol() {
        return EnipProtocols.ENIP;
    }

    @Override
    public List<Protocol> protocols() {
        return List.of(EnipProtocols.ENIP, EnipProtocols.CIP);
    }

    @Override
    public Probe probe(ByteBuffer bytes, Direction direction, Transport transport, boolean hinted) {
        int at = bytes.position();
        int size = EncapsulationHeader.check(bytes, at);
        if (size == EncapsulationHeader.NEED_MORE) {
            return transport == Transport.UDP ? implicitIo(bytes, at) : Probe.NEED_MORE;
        }
        if (size < 0) {
            return transport == Transport.UDP ? implicitIo(bytes, at) : Probe.NO_MATCH;
        }
        EncapsulationHeader header = EncapsulationHeader.decode(bytes, at);
        if (hinted) {
            return Probe.MATCH;
        }
        if (header.command() == EncapsulationCommand.NOP || header.status() != 0) {
            return Probe.NO_MATCH; // 24 zero bytes are no evidence; an error reply does not start a flow
        }
        if (!header.command().carriesCip()) {
            return Probe.MATCH;
        }
        if (header.length() < 6) {
            return Probe.NO_MATCH;
        }
        CommonPacketFormat.Items items = CommonPacketFormat.parse(bytes, at + EnipLimits.HEADER_BYTES + 6, at + size);
        return items.problem().isEmpty() && items.data() != null ? Probe.MATCH : Probe.NO_MATCH;
    }

    /** Vol 2 3-2: a class 0/1 datagram is two or more items, the first a sequenced address item. */
    private static Probe implicitIo(ByteBuffer bytes, int at) {
        CommonPacketFormat.Items items = CommonPacketFormat.parse(bytes, at, bytes.limit());
        CommonPacketFormat.Item address = items.first(CommonPacketFormat.SEQUENCED_ADDRESS);
        return items.problem().isEmpty() && address != null
                && address.length() == CommonPacketFormat.SEQUENCED_ADDRESS_BYTES
                && items.first(CommonPacketFormat.CONNECTED_DATA) != null ? Probe.MATCH : Probe.NO_MATCH;
    }

    @Override
    public ProtocolSession newSession(Flow flow, DissectorConfig config) {
        return new EnipSession(config, connections);
    }
}
