package otb.dissect.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import otb.capture.CaptureFiles;
import otb.capture.CaptureLimits;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import otb.dissect.DissectorConfig;
import otb.dissect.Dissectors;
import otb.dissect.OtMessage;

/** The benches' long captures ({@link PcapCopies}), read back through the capture engine and the dissectors. */
class PcapCopiesTest {
    private static final Path PCAP = ModbusGoldenTest.PCAPS.resolve("modbus_test.pcap");
    private static final long DAY_NANOS = 86_400L * 1_000_000_000L;

    @Test
    void copiesFollowEachOtherADayApartFrameForFrame() throws Exception {
        List<Long> original = timestamps(PCAP);
        Path copies = PcapCopies.write(PCAP, 3);
        try {
            List<Long> copied = timestamps(copies);
            assertEquals(3 * original.size(), copied.size());
            for (int copy = 0; copy < 3; copy++) {
                for (int i = 0; i < original.size(); i++) {
                    assertEquals(original.get(i) + copy * DAY_NANOS, copied.get(copy * original.size() + i),
                            "copy " + copy + ", frame " + (i + 1));
                }
            }
        } finally {
            Files.delete(copies);
        }
    }

    @Test
    void eachCopysFlowsStartAfreshAndDissectAsTheFirstCopysDid() throws Exception {
        List<String> original = messages(PCAP);
        Path copies = PcapCopies.write(PCAP, 2);
        try {
            List<String> copied = messages(copies);
            assertTrue(original.size() > 2000, "modbus_test.pcap holds one message per frame");
            assertEquals(original, copied.subList(0, original.size()));
            assertEquals(original, copied.subList(original.size(), copied.size()));
        } finally {
            Files.delete(copies);
        }
    }

    @Test
    void refusesWhatItCannotCopy(@TempDir Path dir) throws IOException {
        Path pcapng = dir.resolve("capture.pcapng");
        Files.write(pcapng, new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0});
        assertTrue(assertThrows(IOException.class, () -> PcapCopies.write(pcapng, 2)).getMessage()
                .contains("not a classic pcap file"));
        // The first record claims more bytes than the file holds.
        byte[] whole = Files.readAllBytes(PCAP);
        Path truncated = dir.resolve("truncated.pcap");
        Files.write(truncated, Arrays.copyOf(whole, 24 + 16 + 10));
        assertTrue(assertThrows(IOException.class, () -> PcapCopies.write(truncated, 2)).getMessage()
                .contains("more than the file holds"));
    }

    private static List<Long> timestamps(Path pcap) throws Exception {
        List<Long> nanos = new ArrayList<>();
        try (PacketSource source = CaptureFiles.open(pcap)) {
            source.run(packet -> nanos.add(packet.timestampNanos()));
        }
        return nanos;
    }

    /** Each message's function, role, transaction id, values and flags, without frame or time. */
    private static List<String> messages(Path pcap) throws Exception {
        List<String> seen = new ArrayList<>();
        Dissection dissection = new Dissection(CaptureLimits.defaults(), DissectorConfig.defaults(), Dissectors.all(),
                event -> {
                    if (event instanceof OtMessage message) {
                        seen.add(message.role() + " " + message.functionName() + " " + message.transactionId()
                                + " " + message.ranges() + " " + message.values() + " " + message.anomalies());
                    }
                });
        try (PacketSource source = CaptureFiles.open(pcap)) {
            dissection.process(source);
        }
        dissection.finish();
        return seen;
    }
}
