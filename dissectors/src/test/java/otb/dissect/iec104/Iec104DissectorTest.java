package otb.dissect.iec104;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.TestBytes.hex;
import static otb.dissect.iec104.Iec104Bytes.information;

import java.nio.ByteBuffer;
import otb.capture.Direction;
import otb.capture.Transport;
import otb.dissect.Probe;
import org.junit.jupiter.api.Test;

/** The content probe: a hint port lowers the bar, content still decides. */
class Iec104DissectorTest {
    private final Iec104Dissector dissector = new Iec104Dissector();

    private Probe probe(byte[] bytes, boolean hinted) {
        return dissector.probe(ByteBuffer.wrap(bytes), Direction.TO_SERVER, Transport.TCP, hinted);
    }

    @Test
    void aConnectionsFirstApdusMatchOnAndOffThePort() {
        byte[] startdt = Iec104Bytes.unnumbered(Iec104Frames.STARTDT_ACT);
        assertEquals(Probe.MATCH, probe(startdt, true));
        assertEquals(Probe.MATCH, probe(startdt, false));
        byte[] interrogation = information(0, 0, Iec104Frames.INTERROGATION);
        assertEquals(Probe.MATCH, probe(concat(startdt, interrogation), false));
    }

    @Test
    void onTheHintPortACaptureMayStartInsideAnApdu() {
        byte[] tail = hex("00 01 02 03 04 05 06");
        assertEquals(Probe.MATCH, probe(concat(tail, Iec104Bytes.supervisory(3)), true));
        assertEquals(Probe.NO_MATCH, probe(concat(tail, Iec104Bytes.supervisory(3)), false));
    }

    @Test
    void offThePortEveryApduMustDecodeCleanly() {
        assertEquals(Probe.NO_MATCH, probe(information(0, 0, Iec104Frames.BITSTRING + " ff"), false), "a trailing octet");
        assertEquals(Probe.NO_MATCH, probe(information(0, 0, "c8 01 03 00 01 00 01 00 00 00"), false), "unknown type");
        assertEquals(Probe.NEED_MORE, probe(hex("68 0e 00 00 00 00 64 01"), false), "wait for the whole APDU");
        assertEquals(Probe.NEED_MORE, probe(hex("68 04 07"), false));
    }

    @Test
    void otherProtocolsOnTheHintPortDoNotMatch() {
        assertEquals(Probe.NO_MATCH, probe(hex("16 03 01 00 a5 01 00 00 a1 03 03"), true), "TLS client hello");
        assertEquals(Probe.NO_MATCH, probe("GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), true));
        assertEquals(Probe.NO_MATCH, dissector.probe(ByteBuffer.wrap(Iec104Bytes.unnumbered(Iec104Frames.STARTDT_ACT)),
                Direction.TO_SERVER, Transport.UDP, true), "IEC 104 is TCP only");
    }
}
