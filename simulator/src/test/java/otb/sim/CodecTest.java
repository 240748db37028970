package otb.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * The protocol builders against bytes from real captures in fixtures/pcaps (provenance in its
 * MANIFEST.tsv; values read with {@code tshark -T fields -e tcp.payload}) and from the specs.
 */
class CodecTest {
    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    @Test
    void dnp3CrcMatchesARealFrame() {
        // dnp3/dnp3_example.pcap frame 1: header 05 64 0b c4 05 00 64 00, CRC 6f 36 (little-endian)
        byte[] header = hex("05640bc405006400");
        assertEquals(0x366F, Dnp3Codec.crc(header, 0, 8));
        // and its only data block d0 c3 01 3c 01 06, CRC 34 4d
        assertEquals(0x4D34, Dnp3Codec.crc(hex("d0c3013c0106"), 0, 6));
    }

    @Test
    void dnp3FrameOfAClass0PollMatchesARealFrame() {
        // dnp3/dnp3_example.pcap frame 1: master 100 -> outstation 5, transport FIR FIN seq 16,
        // application FIR FIN seq 3, READ g60v1 qualifier 06
        Dnp3Codec.Fragment fragment = new Dnp3Codec.Fragment().request(3, Dnp3Codec.READ).allObjects(60, 1);
        byte[] frame = Dnp3Codec.frame(true, 5, 100, 16, fragment.bytes, fragment.length);
        assertArrayEquals(hex("05640bc4 05006400 6f36 d0c3013c0106 344d"), frame);
    }

    @Test
    void s7PlcStopMatchesARealStop() {
        // s7comm/step7_s300_stop.pcapng frame 1: job 0x29, PDU reference 0x3500, "P_PROGRAM"
        assertArrayEquals(hex("0300002102f0803201000035000010000029000000000009505f50524f4752414d"), S7Codec.plcStop(0x3500));
        // frame 2: its ack-data
        assertArrayEquals(hex("0300001402f08032030000350000010000000029"), S7Codec.functionAck(0x3500, 0x29));
    }

    @Test
    void s7DownloadMatchesARealDownload() {
        // s7comm/s7comm_downloading_block_db1.pcap frames 43, 55 and 58 (STEP 7 counts PDU references
        // in the high byte: 0x0e00, 0x0700, 0x0f00)
        assertArrayEquals(hex("0300003102f080320100000e00002000001a00010000000000095f30413030303031500d31303030353030"
                + "303030343030"), S7Codec.requestDownload(0x0e00, 'A', 1, 500, 400));
        assertArrayEquals(hex("0300002302f080320100000700001200001c00000000000000095f3041303030303150"),
                S7Codec.blockJob(S7Codec.FUNCTION_DOWNLOAD_ENDED, 0x0700, 'A', 1));
        assertArrayEquals(hex("0300002b02f080320100000f00001a000028000000000000fd000a01003041303030303150055f494e5345"),
                S7Codec.piService(0x0f00, S7Codec.insertBlockArgument('A', 1), "_INSE"));
    }

    @Test
    void s7SetupAndConnectionMatchRealFrames() {
        // s7comm/s7comm_downloading_block_db1.pcap frames 7 and 8
        assertArrayEquals(hex("0300001902f08032010000020000080000f0000001000101e0"), S7Codec.setupCommunication(0x0200));
        assertArrayEquals(hex("0300001b02f080320300000200000800000000f0000001000100f0"),
                withPduSize(S7Codec.setupCommunicationAck(0x0200), 0xF0));
        // a COTP connection request to rack 0 slot 1 (snap7_s300_everything.pcapng frame 4)
        assertArrayEquals(hex("0300001611e00000000100c0010ac1020100c2020101"), S7Codec.connectionRequest(1, 0x0100, 0x0101));
    }

    /** The real PLC negotiated a PDU of 240 bytes; ours offers 480 and the PLC accepts it. */
    private static byte[] withPduSize(byte[] packet, int size) {
        byte[] copy = packet.clone();
        Wire.put16(copy, copy.length - 2, size);
        return copy;
    }

    @Test
    void s7ReadVarMatchesARealRequest() {
        // s7comm/s7comm_clean.pcap frame 1: PDU reference 0x3106, one S7ANY item: inputs, byte 0, 1 byte
        byte[] real = hex("0300001f02f080320100003106000e00000401120a10020001000081000000");
        byte[] built = S7Codec.readVar(0x3106, new S7Codec.Item[] {new S7Codec.Item(S7Codec.AREA_INPUTS, 0, 0, 1)});
        assertArrayEquals(real, built);
    }

    @Test
    void modbusRequestsFollowTheSpecificationExamples() {
        // Modbus Application Protocol V1.1b3 6.3: read holding registers 108-110 -> 03 00 6B 00 03
        assertArrayEquals(hex("0001 0000 0006 11 03 006b 0003"), ModbusCodec.readRequest(1, 0x11, 3, 0x6B, 3));
        // 6.6: write register 2 with 3 -> 06 00 01 00 03 (address 1)
        assertArrayEquals(hex("0002 0000 0006 01 06 0001 0003"), ModbusCodec.writeSingleRegister(2, 1, 1, 3));
        // 6.12: write 000A 0102 to registers 2-3 -> 10 00 01 00 02 04 00 0A 01 02
        assertArrayEquals(hex("0003 0000 000b 01 10 0001 0002 04 000a 0102"),
                ModbusCodec.writeMultipleRegisters(3, 1, 1, new int[] {0x000A, 0x0102}));
        // 6.1: read coils response 03 CD 6B 05 for 19 coils
        boolean[] coils = new boolean[19];
        int[] bytes = {0xCD, 0x6B, 0x05};
        for (int i = 0; i < 19; i++) {
            coils[i] = (bytes[i / 8] >> (i % 8) & 1) != 0;
        }
        assertArrayEquals(hex("0004 0000 0006 01 01 03 cd6b05"), ModbusCodec.readCoilsResponse(4, 1, coils, 19));
        // 7: exception response to FC 1 with code 2
        assertArrayEquals(hex("0005 0000 0003 01 81 02"), ModbusCodec.exception(5, 1, 1, 2));
    }
}
