package otb.dissect.dnp3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.hex;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Crc16DnpTest {

    @Test
    void checkValueOfTheCatalogue() {
        // CRC-16/DNP check value (CRC catalogue): "123456789" -> 0xEA82
        ByteBuffer digits = ByteBuffer.wrap("123456789".getBytes(StandardCharsets.US_ASCII));
        assertEquals(0xEA82, Crc16Dnp.compute(digits, 0, 9));
    }

    @Test
    void headerOfARealFrameChecks() {
        // dnp3_example.pcap frame 1: 05 64 | 0b len | c4 ctl | 0500 dst | 6400 src | 6f36 CRC (low octet first)
        ByteBuffer header = ByteBuffer.wrap(hex("05640bc4050064006f36"));
        assertTrue(Crc16Dnp.matches(header, 0, 8, 8));
        header.put(4, (byte) 6); // destination 6: CRC no longer matches
        assertFalse(Crc16Dnp.matches(header, 0, 8, 8));
    }

    @Test
    void dataBlockOfARealFrameChecks() {
        // same frame's user data: d0 c3 01 3c 01 06 followed by its CRC 344d
        ByteBuffer block = ByteBuffer.wrap(hex("d0c3013c0106344d"));
        assertTrue(Crc16Dnp.matches(block, 0, 6, 6));
    }
}
