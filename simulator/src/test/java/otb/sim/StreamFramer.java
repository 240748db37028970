package otb.sim;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles the TCP payload of each direction of each connection (skipping retransmitted
 * segments and keep-alive probes) and cuts it into application PDUs by the protocol's own
 * framing: the MBAP length (Modbus), the TPKT length (S7comm over COTP) and the DNP3 link
 * length with its CRC blocks. Independent of otb's capture engine, for the tests' counts.
 */
final class StreamFramer {
    /** A complete PDU and the frame that completed it. */
    record Pdu(int port, byte[] bytes, CapturedFrame lastFrame) {
    }

    private final Map<String, ByteArrayOutputStream> buffers = new HashMap<>();
    private final Map<String, Long> nextSequence = new HashMap<>();

    /** Feeds one TCP frame; returns the PDUs it completes (empty for other ports). */
    List<Pdu> accept(CapturedFrame frame) {
        List<Pdu> pdus = new ArrayList<>();
        int port = frame.hasPort(502) ? 502 : frame.hasPort(102) ? 102 : frame.hasPort(20000) ? 20000 : 0;
        if (!frame.isTcp() || port == 0 || frame.payloadLength() == 0) {
            return pdus;
        }
        String key = frame.source() + ":" + frame.sourcePort() + ">" + frame.destination() + ":" + frame.destinationPort();
        Long expected = nextSequence.get(key);
        if (expected != null && frame.sequence() != expected) {
            return pdus; // a retransmission or a keep-alive probe: nothing new
        }
        nextSequence.put(key, (frame.sequence() + frame.payloadLength()) & 0xFFFF_FFFFL);
        ByteArrayOutputStream buffer = buffers.computeIfAbsent(key, k -> new ByteArrayOutputStream());
        buffer.write(frame.bytes(), frame.payloadOffset(), frame.payloadLength());
        byte[] data = buffer.toByteArray();
        int offset = 0;
        while (true) {
            int length = pduLength(port, data, offset);
            if (length <= 0 || offset + length > data.length) {
                break;
            }
            pdus.add(new Pdu(port, java.util.Arrays.copyOfRange(data, offset, offset + length), frame));
            offset += length;
        }
        buffer.reset();
        buffer.write(data, offset, data.length - offset);
        return pdus;
    }

    /** Bytes still waiting for the rest of a PDU, over all streams. */
    int pendingBytes() {
        return buffers.values().stream().mapToInt(ByteArrayOutputStream::size).sum();
    }

    /** Length of the PDU starting at {@code offset}, or 0 when its header is not complete yet. */
    private static int pduLength(int port, byte[] data, int offset) {
        int available = data.length - offset;
        switch (port) {
            case 502:
                return available < 6 ? 0 : 6 + u16(data, offset + 4);
            case 102:
                return available < 4 ? 0 : u16(data, offset + 2);
            default:
                if (available < 3) {
                    return 0;
                }
                int userData = (data[offset + 2] & 0xFF) - 5;
                return 10 + userData + 2 * ((userData + 15) / 16);
        }
    }

    private static int u16(byte[] data, int offset) {
        return ((data[offset] & 0xFF) << 8) | (data[offset + 1] & 0xFF);
    }
}
