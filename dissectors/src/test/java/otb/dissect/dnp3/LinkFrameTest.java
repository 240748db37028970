package otb.dissect.dnp3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.hex;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class LinkFrameTest {

    // dnp3_example.pcap frame 1, a read request:
    // 05 64 start | 0b LENGTH 11 | c4 DIR PRM unconfirmed user data | 0500 dst 5 | 6400 src 100 | 6f36 header CRC
    // d0 transport FIN FIR seq 16 | c3 app FIR FIN seq 3 | 01 READ | 3c 01 06 class 0 all | 344d block CRC
    static final String READ_CLASS_0 = "05640bc4050064006f36 d0c3013c0106344d";

    @Test
    void frameSizeCountsABlockCrcPerSixteenOctets() {
        assertEquals(10, LinkFrame.frameBytes(5));
        assertEquals(10 + 1 + 2, LinkFrame.frameBytes(6));
        assertEquals(10 + 16 + 2, LinkFrame.frameBytes(21));
        assertEquals(10 + 17 + 4, LinkFrame.frameBytes(22));
        assertEquals(292, LinkFrame.frameBytes(255));
        assertEquals(LinkFrame.MAX_FRAME_BYTES, LinkFrame.frameBytes(255));
    }

    @Test
    void decodesHeaderAndUserData() {
        ByteBuffer in = ByteBuffer.wrap(hex(READ_CLASS_0));
        assertEquals(18, LinkFrame.check(in, 0));
        LinkFrame frame = LinkFrame.decode(in, 0);
        assertEquals(11, frame.lengthField());
        assertTrue(frame.fromMaster());
        assertTrue(frame.primary());
        assertEquals(4, frame.function());
        assertEquals("unconfirmed_user_data", frame.functionName());
        assertEquals(5, frame.destination());
        assertEquals(100, frame.source());
        assertEquals(5, frame.outstation());
        assertEquals(100, frame.master());
        assertTrue(frame.carriesUserData());
        assertTrue(frame.dataCrcValid());
        assertArrayEquals(hex("d0c3013c0106"), frame.userData());
    }

    @Test
    void incompleteHeaderOrFrameNeedsMore() {
        byte[] bytes = hex(READ_CLASS_0);
        for (int length = 1; length < bytes.length; length++) {
            ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
            assertEquals(LinkFrame.NEED_MORE, LinkFrame.check(in, 0), "length " + length);
        }
    }

    @Test
    void badHeaderCrcAndBadLengthAreRejected() {
        byte[] bytes = hex(READ_CLASS_0);
        bytes[9] ^= 1;
        assertEquals(LinkFrame.BAD_HEADER_CRC, LinkFrame.check(ByteBuffer.wrap(bytes), 0));
        byte[] shortLength = Dnp3Bytes.linkFrame(0xC4, 5, 100, new byte[0]);
        shortLength[2] = 4; // LENGTH below 5, CRC recomputed below so only the length is wrong
        int crc = Crc16Dnp.compute(ByteBuffer.wrap(shortLength), 0, 8);
        shortLength[8] = (byte) crc;
        shortLength[9] = (byte) (crc >> 8);
        assertEquals(LinkFrame.BAD_LENGTH, LinkFrame.check(ByteBuffer.wrap(shortLength), 0));
        assertEquals(LinkFrame.NO_START, LinkFrame.check(ByteBuffer.wrap(hex("0565")), 0));
    }

    @Test
    void badBlockCrcIsReportedNotThrown() {
        byte[] bytes = hex(READ_CLASS_0);
        bytes[12] ^= 0x40; // corrupt user data, keep the block CRC
        LinkFrame frame = LinkFrame.decode(ByteBuffer.wrap(bytes), 0);
        assertFalse(frame.dataCrcValid());
    }

    @Test
    void linkOnlyFunctionsAreNamed() {
        // dnp3_link_only.pcap frame 1: ctl 0x49 (PRM, request link status) from 1 to 100
        LinkFrame request = LinkFrame.decode(ByteBuffer.wrap(hex("05640549640001007e5f")), 0);
        assertEquals("request_link_status", request.functionName());
        assertFalse(request.fromMaster());
        assertEquals(1, request.outstation());
        // frame 2: ctl 0x8b (DIR, secondary, link status) from 100 to 1
        LinkFrame status = LinkFrame.decode(ByteBuffer.wrap(hex("0564058b01006400a097")), 0);
        assertEquals("link_status", status.functionName());
        assertTrue(status.fromMaster());
        assertEquals(1, status.outstation());
        assertFalse(status.carriesUserData());
    }
}
