package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import otb.capture.Frames;
import otb.capture.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IEC 60870-5-104 through the whole tool: the public captures dissect, learn and analyse; and a
 * substation learned from a capture of its normal traffic has its points (common address,
 * information object address) learned as the other protocols' are, so that a measured value
 * outside its envelope, a set-point to an object never written and a reset process are raised.
 */
class Iec104FlowTest {
    private static final Path DIVERSE = Path.of("fixtures/pcaps/other/090813_diverse.pcap");
    private static final Path TEST_DISSECT = Path.of("fixtures/pcaps/other/TestDissectIec104.pcap");
    private static final int ETHERNET = 1;
    private static final int SCADA = 0x0A140001; // 10.20.0.1, the controlling station
    private static final int RTU = 0x0A140005;   // 10.20.0.5, the controlled station
    private static final int PORT = 2404;
    private static final int COMMON_ADDRESS = 7;
    private static final long START = 1_780_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void thePublicCapturesDissectLearnAndAnalyse() throws IOException {
        CliRun dissect = CliRun.run("dissect", "--format", "jsonl", DIVERSE.toString());
        assertEquals(ExitCode.OK, dissect.exitCode(), dissect.err());
        List<String> records = dissect.out().lines().toList();
        assertEquals(86, records.size(), "one record per APDU, as Wireshark counts them");
        assertTrue(records.stream().allMatch(r -> r.contains("\"proto\":\"iec104\"")));
        assertTrue(records.get(0).contains("\"unit\":3,\"func\":13,\"func_name\":\"m_me_nc_1\",\"op\":\"read\""),
                records.get(0));

        String db = dir.resolve("public.db").toString();
        CliRun learn = CliRun.run("learn", DIVERSE.toString(), "--fresh", "--db", db);
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());
        CliRun analyze = CliRun.run("analyze", TEST_DISSECT.toString(), "--db", db, "--jsonl",
                dir.resolve("public.jsonl").toString());
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        List<String> raised = Files.readAllLines(dir.resolve("public.jsonl"));
        assertTrue(raised.stream().anyMatch(a -> a.contains("\"NEW_ASSET\"") && a.contains("172.27.248.79")), raised.toString());
        assertTrue(raised.stream().anyMatch(a -> a.contains("\"MALFORMED\"") && a.contains("\"proto\":\"iec104\"")),
                "the garbage octets of TestDissectIec104 are malformed iec104: " + raised);

        CliRun inventory = CliRun.run("inventory", "--db", db, "--format", "csv");
        assertEquals(ExitCode.OK, inventory.exitCode(), inventory.err());
        assertTrue(inventory.out().lines().anyMatch(l -> l.contains("10.0.0.10") && l.contains("iec104_controlled_station")
                && l.contains("iec104_controlling_station")), "both ends of the looped-back capture: " + inventory.out());
    }

    @Test
    void aSubstationsPointsAreLearnedAndDeparturesRaised() throws IOException {
        String db = dir.resolve("substation.db").toString();
        CliRun learn = CliRun.run("learn", capture(dir.resolve("learn.pcap"), false).toString(), "--fresh", "--db", db);
        assertEquals(ExitCode.OK, learn.exitCode(), learn.err());

        Path alerts = dir.resolve("alerts.jsonl");
        CliRun analyze = CliRun.run("analyze", capture(dir.resolve("attack.pcap"), true).toString(), "--db", db,
                "--jsonl", alerts.toString());
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        List<String> raised = Files.readAllLines(alerts);
        assertTrue(raised.stream().anyMatch(a -> a.contains("\"VALUE_OUT_OF_RANGE\"") && a.contains("measured_value:1001")),
                "the learned envelope of measured value 1001 (49.8..50.2): " + raised);
        assertTrue(raised.stream().anyMatch(a -> a.contains("\"WRITE_OUTSIDE_LEARNED_RANGE\"") && a.contains("c_se_nc_1")),
                "a set-point to object 5002, never written: " + raised);
        assertTrue(raised.stream().anyMatch(a -> a.contains("\"PROGRAM_OR_STOP\"") && a.contains("c_rp_na_1")),
                "reset process restarts the station: " + raised);
        assertTrue(raised.stream().noneMatch(a -> a.contains("\"NEW_CONVERSATION\"") || a.contains("\"CYCLE_DEVIATION\"")
                || a.contains("\"FROZEN_VALUE\"")), "the learned polling and values raise nothing else: " + raised);

        CliRun inventory = CliRun.run("inventory", "--db", db, "--format", "csv");
        assertTrue(inventory.out().lines().anyMatch(l -> l.contains("10.20.0.5") && l.contains("iec104_controlled_station")),
                inventory.out());
        assertTrue(inventory.out().lines().anyMatch(l -> l.contains("10.20.0.1") && l.contains("iec104_controlling_station")),
                inventory.out());
    }

    /**
     * Five minutes of a controlled station reporting measured value 1001 (about 50.0) every
     * second, with a set-point to object 5001 (10.0 or 11.0) confirmed every 30 s. The attack
     * capture, an hour later, carries the same and then 80.0 for value 1001, a set-point of 10.0
     * to object 5002 and a reset process.
     */
    private static Path capture(Path file, boolean attack) throws IOException {
        long start = attack ? START + 3600 * SECOND : START;
        Connection c = new Connection();
        try (OutputStream out = Files.newOutputStream(file); PcapWriter pcap = new PcapWriter(out, ETHERNET, 65535)) {
            c.pcap = pcap;
            c.handshake(start);
            c.toRtu(start + SECOND / 2, u(0x07));                       // STARTDT act
            c.toScada(start + SECOND / 2 + 1_000_000, u(0x0B));         // STARTDT con
            for (int second = 1; second <= 300; second++) {
                long nanos = start + second * SECOND;
                c.toScada(nanos, c.fromRtu(measuredFloat(1001, 50.0f + 0.2f * (float) Math.sin(second / 7.0))));
                if (second % 30 == 0) {
                    float setPoint = second % 60 == 0 ? 10.0f : 11.0f;
                    c.toRtu(nanos + 100_000_000, c.fromScada(setPointFloat(6, 5001, setPoint)));
                    c.toScada(nanos + 120_000_000, c.fromRtu(setPointFloat(7, 5001, setPoint)));
                    c.toRtu(nanos + 200_000_000, s(c.receivedFromRtu));
                }
            }
            if (attack) {
                long nanos = start + 301 * SECOND;
                c.toScada(nanos, c.fromRtu(measuredFloat(1001, 80.0f)));
                c.toRtu(nanos + SECOND, c.fromScada(setPointFloat(6, 5002, 10.0f)));
                c.toScada(nanos + SECOND + 20_000_000, c.fromRtu(setPointFloat(7, 5002, 10.0f)));
                c.toRtu(nanos + 2 * SECOND, c.fromScada(asdu(105, 6, 0, new byte[] {1}))); // C_RP_NA_1, QRP 1
                c.toScada(nanos + 2 * SECOND + 20_000_000, c.fromRtu(asdu(105, 7, 0, new byte[] {1})));
            }
        }
        return file;
    }

    /** One TCP connection, SCADA to RTU port 2404, with the TCP and the IEC 104 sequence numbers. */
    private static final class Connection {
        PcapWriter pcap;
        long scadaTcp = 1000;
        long rtuTcp = 5000;
        int sentByScada;
        int sentByRtu;
        int receivedFromRtu;

        void handshake(long nanos) throws IOException {
            pcap.write(nanos, Frames.tcpFrame(SCADA, 40000, RTU, PORT, scadaTcp++, 0, Frames.SYN, new byte[0]));
            pcap.write(nanos + 100_000, Frames.tcpFrame(RTU, PORT, SCADA, 40000, rtuTcp++, scadaTcp,
                    Frames.SYN | Frames.ACK, new byte[0]));
            pcap.write(nanos + 200_000, Frames.tcpFrame(SCADA, 40000, RTU, PORT, scadaTcp, rtuTcp, Frames.ACK, new byte[0]));
        }

        void toRtu(long nanos, byte[] apdu) throws IOException {
            pcap.write(nanos, Frames.tcpFrame(SCADA, 40000, RTU, PORT, scadaTcp, rtuTcp, Frames.PSH | Frames.ACK, apdu));
            scadaTcp += apdu.length;
        }

        void toScada(long nanos, byte[] apdu) throws IOException {
            pcap.write(nanos, Frames.tcpFrame(RTU, PORT, SCADA, 40000, rtuTcp, scadaTcp, Frames.PSH | Frames.ACK, apdu));
            rtuTcp += apdu.length;
        }

        byte[] fromScada(byte[] asdu) {
            return i(sentByScada++, sentByRtu, asdu);
        }

        byte[] fromRtu(byte[] asdu) {
            receivedFromRtu = sentByRtu + 1;
            return i(sentByRtu++, sentByScada, asdu);
        }
    }

    /** An I frame (104 clause 5.1): 68H, length, N(S) and N(R) shifted left one bit, the ASDU. */
    private static byte[] i(int send, int receive, byte[] asdu) {
        return ByteBuffer.allocate(6 + asdu.length).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0x68).put((byte) (4 + asdu.length))
                .putShort((short) (send << 1)).putShort((short) (receive << 1)).put(asdu).array();
    }

    private static byte[] s(int receive) {
        return ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0x68).put((byte) 4)
                .putShort((short) 1).putShort((short) (receive << 1)).array();
    }

    private static byte[] u(int control) {
        return new byte[] {0x68, 4, (byte) control, 0, 0, 0};
    }

    /** An ASDU of one object: type, SQ=0 count 1, cause, originator 0, common address, IOA, element. */
    private static byte[] asdu(int type, int cause, int ioa, byte[] element) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        out.write(1);
        out.write(cause);
        out.write(0);
        out.write(COMMON_ADDRESS);
        out.write(0);
        out.write(ioa);
        out.write(ioa >> 8);
        out.write(ioa >> 16);
        out.writeBytes(element);
        return out.toByteArray();
    }

    /** M_ME_NC_1 (13), spontaneous (3): a short float and QDS 0. */
    private static byte[] measuredFloat(int ioa, float value) {
        return asdu(13, 3, ioa, ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).put((byte) 0).array());
    }

    /** C_SE_NC_1 (50): a short float set-point and QOS 0 (execute). */
    private static byte[] setPointFloat(int cause, int ioa, float value) {
        return asdu(50, cause, ioa, ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).put((byte) 0).array());
    }
}
