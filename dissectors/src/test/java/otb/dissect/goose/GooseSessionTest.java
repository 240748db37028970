package otb.dissect.goose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import otb.capture.Direction;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.Malformed;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.StreamContext;
import otb.dissect.TestBytes;
import org.junit.jupiter.api.Test;

/** GOOSE frames built by hand from IEC 61850-8-1 annex A: fields, state changes, counter breaks, bad input. */
class GooseSessionTest {
    static final Flow FLOW = new Flow(1, 0, Transport.ETHERNET, IpAddress.mac(0x0050_C2_4F_A0_01L), 0x88B8,
            IpAddress.mac(0x010C_CD01_0001L), 0x88B8, 0x0050_C2_4F_A0_01L, 0x010C_CD01_0001L, 0, false);

    /** A GOOSE frame after its EtherType: gocbRef "IED1/LLN0$GO$gcb1", two booleans. */
    static byte[] frame(long stNum, long sqNum, boolean simulation) {
        byte[] pdu = TestBytes.concat(
                TestBytes.hex("80 11"), "IED1/LLN0$GO$gcb1".getBytes(),   // [0] gocbRef, 17 octets
                TestBytes.hex("81 02 07 d0"),                             // [1] timeAllowedtoLive 2000 ms
                TestBytes.hex("82 0d"), "IED1/LLN0$ds1".getBytes(),       // [2] datSet, 13 octets
                TestBytes.hex("83 04"), "gid1".getBytes(),                // [3] goID
                TestBytes.hex("84 08 5f 5e 10 00 80 00 00 0a"),           // [4] t: 2020-09-13T12:26:40.5Z, quality 0x0a
                TestBytes.hex("85 05 00"), u32(stNum),                    // [5] stNum (leading zero: unsigned)
                TestBytes.hex("86 05 00"), u32(sqNum),                    // [6] sqNum
                TestBytes.hex("87 01 00"),                                // [7] simulation/test FALSE
                TestBytes.hex("88 01 03"),                                // [8] confRev 3
                TestBytes.hex("89 01 00"),                                // [9] ndsCom FALSE
                TestBytes.hex("8a 01 02"),                                // [10] numDatSetEntries 2
                TestBytes.hex("ab 06 83 01 01 83 01 00"));                // [11] allData: TRUE, FALSE
        byte[] apdu = TestBytes.concat(TestBytes.hex("61 81"), new byte[] {(byte) pdu.length}, pdu); // goosePdu
        int length = 8 + apdu.length;
        return TestBytes.concat(
                TestBytes.hex("00 01"),                                   // APPID 1
                new byte[] {(byte) (length >> 8), (byte) length},         // Length: APPID to end of APDU
                simulation ? TestBytes.hex("80 00") : TestBytes.hex("00 00"), // Reserved 1: bit 15 simulation
                TestBytes.hex("00 00"),                                   // Reserved 2
                apdu,
                TestBytes.hex("00 00"));                                  // Ethernet padding
    }

    static byte[] u32(long value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static List<OtEvent> feed(byte[]... frames) {
        GooseSession session = new GooseSession();
        List<OtEvent> events = new ArrayList<>();
        long number = 1;
        for (byte[] frame : frames) {
            ByteBuffer in = ByteBuffer.wrap(frame);
            session.parse(in, new StreamContext(FLOW, Direction.TO_SERVER, "test", number++, 0), events::add);
            assertEquals(in.limit(), in.position(), "the whole frame is consumed");
        }
        return events;
    }

    @Test
    void fieldsOfAPublication() {
        OtMessage message = (OtMessage) feed(frame(7, 3, true)).get(0);
        var f = message.detail().fields();
        assertEquals(1, f.get("app_id"));
        assertEquals("IED1/LLN0$GO$gcb1", f.get("gocb_ref"));
        assertEquals("IED1/LLN0$ds1", f.get("dat_set"));
        assertEquals("gid1", f.get("go_id"));
        assertEquals(7L, f.get("st_num"));
        assertEquals(3L, f.get("sq_num"));
        assertEquals(2000L, f.get("time_allowed_to_live"));
        assertEquals("2020-09-13T12:26:40.500000000Z", f.get("t"));
        assertEquals(true, f.get("simulation"));
        assertEquals(3L, f.get("conf_rev"));
        assertEquals(2L, f.get("num_dat_set_entries"));
        assertEquals(1, message.unit());
        assertTrue(message.function().isEmpty());
        assertEquals("publish", message.functionName());
        assertEquals(List.of(1.0, 0.0), message.values().stream().map(v -> v.value()).toList());
        assertTrue(message.anomalies().isEmpty(), message.anomalies().toString());
    }

    @Test
    void aNewStNumIsAStateChangeAndCountersGoingBackIsAnAnomaly() {
        List<OtEvent> events = feed(frame(5, 0, false), frame(5, 1, false), frame(6, 0, false),
                frame(6, 1, false), frame(6, 0, false), frame(4, 9, false), frame(0xFFFF_FFFFL, 2, false),
                frame(0, 0, false));
        List<Object> changes = events.stream().map(e -> ((OtMessage) e).detail().fields().get("state_change")).toList();
        assertEquals(List.of(false, false, true, false, false, true, true, true), changes);
        List<List<String>> anomalies = events.stream().map(e -> ((OtMessage) e).anomalies()).toList();
        assertEquals(List.of(List.of(), List.of(), List.of(), List.of(), List.of("sq_num_reset"),
                List.of("st_num_backwards"), List.of(), List.of()), anomalies, "a wrap from 2^32-1 to 0 is no anomaly");
    }

    @Test
    void aFrameThatIsNotGooseIsOneMalformedEvent() {
        byte[] bad = frame(1, 1, false);
        bad[8] = 0x62; // not the goosePdu tag
        List<OtEvent> events = feed(bad);
        assertEquals(1, events.size());
        assertTrue(events.get(0) instanceof Malformed);
    }

    @Test
    void aLengthBeyondTheFrameDoesNotParse() {
        byte[] frame = frame(1, 1, false);
        frame[2] = 0x7F; // Length far beyond the captured bytes
        assertNull(GooseParser.parse(ByteBuffer.wrap(frame), 0, frame.length));
        assertNotNull(GooseParser.parse(ByteBuffer.wrap(frame(1, 1, false)), 0, frame.length));
    }

    @Property(tries = 500)
    void randomAndTruncatedBytesNeverThrow(@ForAll @Size(max = 300) byte[] bytes, @ForAll @IntRange(min = 0, max = 200) int cut,
                                           @ForAll @IntRange(min = 0, max = 199) int flip) {
        feed(bytes);
        byte[] frame = frame(9, 9, false);
        frame[flip % frame.length] ^= (byte) (1 + cut % 255);
        feed(java.util.Arrays.copyOf(frame, Math.min(frame.length, cut)), frame);
    }
}
