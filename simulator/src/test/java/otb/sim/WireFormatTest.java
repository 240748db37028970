package otb.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every frame of a capture with all scenarios is well formed at every layer the simulator
 * writes: Ethernet minimum length and VLAN tagging, IPv4/TCP/UDP checksums, TCP sequence
 * continuity per direction, and the framing of each industrial protocol in the reassembled
 * streams (MBAP header, TPKT version, DNP3 link length and CRCs).
 */
class WireFormatTest {
    private static final int LINE2 = Host.parse("10.10.2.0");

    @ParameterizedTest(name = "mid-stream {0}")
    @ValueSource(booleans = {false, true})
    void everyFrameIsWellFormed(boolean midStream) throws IOException {
        SimulatorRun run = SimulatorRun.of(SimulatorRun.options(11, "2026-03-02T08:00:00Z", Duration.ofMinutes(15),
                "all", midStream));
        List<CapturedFrame> frames = run.frames();
        assertEquals(run.result().frames(), frames.size());
        Map<String, Long> nextSequence = new HashMap<>();
        StreamFramer framer = new StreamFramer();
        long previousTime = Long.MIN_VALUE;
        int modbus = 0;
        int s7 = 0;
        int dnp3 = 0;
        for (CapturedFrame frame : frames) {
            String where = "frame " + frame.number();
            assertTrue(frame.time() >= previousTime, where + ": time goes back");
            previousTime = frame.time();
            assertTrue(frame.bytes().length >= (frame.vlan() != 0 ? 64 : 60), where + ": shorter than Ethernet minimum");
            assertTrue(frame.etherType() == CapturedFrame.ETHERTYPE_IPV4 || frame.etherType() == CapturedFrame.ETHERTYPE_ARP,
                    where + ": ethertype " + frame.etherType());
            assertTrue(frame.checksumsValid(), where + ": bad checksum");
            // line 2 is VLAN 20: its own frames and both directions of its cross-cell traffic are tagged
            boolean line2 = (frame.source() & 0xFFFF_FF00) == LINE2 || (frame.etherType() == CapturedFrame.ETHERTYPE_IPV4
                    && (frame.destination() & 0xFFFF_FF00) == LINE2);
            assertEquals(line2 ? 20 : 0, frame.vlan(), where + ": VLAN tag");
            if (!frame.isTcp()) {
                continue;
            }
            checkSequence(frame, nextSequence, where);
            for (StreamFramer.Pdu pdu : framer.accept(frame)) {
                byte[] data = pdu.bytes();
                String at = "PDU completed by frame " + pdu.lastFrame().number();
                if (pdu.port() == 502) {
                    // MBAP: protocol id 0, a unit id and a function code at least (Modbus over TCP guide 3.1.3)
                    assertEquals(0, (data[2] & 0xFF) << 8 | (data[3] & 0xFF), at);
                    assertTrue(data.length >= 8, at);
                    modbus++;
                } else if (pdu.port() == 102) {
                    assertEquals(3, data[0] & 0xFF, at + ": TPKT version");
                    s7++;
                } else {
                    checkDnp3(data, at);
                    dnp3++;
                }
            }
        }
        assertTrue(framer.pendingBytes() < 300, "only the capture's last PDUs may be cut: " + framer.pendingBytes());
        assertTrue(modbus > 1000 && s7 > 500 && dnp3 > 100, "all three protocols present: " + modbus + " " + s7
                + " " + dnp3);
    }

    private static String direction(CapturedFrame frame) {
        return frame.source() + ":" + frame.sourcePort() + ">" + frame.destination() + ":" + frame.destinationPort();
    }

    /** Each segment starts at the next expected sequence number, or repeats the last one (retransmission, keep-alive). */
    private static void checkSequence(CapturedFrame frame, Map<String, Long> next, String where) {
        String key = direction(frame);
        boolean syn = (frame.tcpFlags() & FrameFactory.TCP_SYN) != 0;
        boolean fin = (frame.tcpFlags() & FrameFactory.TCP_FIN) != 0;
        long consumed = frame.payloadLength() + (syn ? 1 : 0) + (fin ? 1 : 0);
        Long expected = next.get(key);
        if (expected == null || syn) {
            next.put(key, (frame.sequence() + consumed) & 0xFFFF_FFFFL);
            return;
        }
        if (frame.sequence() == expected) {
            next.put(key, (expected + consumed) & 0xFFFF_FFFFL);
        } else if (((frame.sequence() + frame.payloadLength()) & 0xFFFF_FFFFL) == expected) {
            // a retransmission of the last segment or a keep-alive probe: nothing new
            assertTrue(frame.payloadLength() > 0, where + ": empty segment behind the sequence");
        } else {
            fail(where + ": sequence " + frame.sequence() + ", expected " + expected);
        }
    }

    /** DNP3 link frame: start bytes, length, header CRC and a CRC after every 16-byte block (IEEE 1815 9.2). */
    private static void checkDnp3(byte[] data, String where) {
        assertEquals(0x05, data[0] & 0xFF, where);
        assertEquals(0x64, data[1] & 0xFF, where);
        int userData = (data[2] & 0xFF) - 5;
        int blocks = (userData + 15) / 16;
        assertEquals(10 + userData + 2 * blocks, data.length, where + ": link length");
        assertEquals(crc(data, 0, 8), (data[8] & 0xFF) | (data[9] & 0xFF) << 8, where + ": header CRC");
        int offset = 10;
        for (int remaining = userData; remaining > 0; remaining -= 16) {
            int length = Math.min(16, remaining);
            assertEquals(crc(data, offset, length), (data[offset + length] & 0xFF) | (data[offset + length + 1] & 0xFF) << 8,
                    where + ": block CRC");
            offset += length + 2;
        }
    }

    /** DNP3 CRC computed bit by bit (reversed polynomial 0xA6BC), independent of the simulator's table. */
    private static int crc(byte[] data, int offset, int length) {
        int crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA6BC : crc >>> 1;
            }
        }
        return ~crc & 0xFFFF;
    }
}
