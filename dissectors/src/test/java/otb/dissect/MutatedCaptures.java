package otb.dissect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import otb.capture.CaptureException;
import otb.capture.CaptureFiles;
import otb.capture.CaptureLimits;
import otb.capture.PacketSource;

/**
 * Real captures with bytes of their TCP payloads flipped, run through the whole dissection: the
 * fuzz pass of each dissector's property tests.
 */
public final class MutatedCaptures {
    private MutatedCaptures() {
    }

    /**
     * The file offsets of TCP payload octets in a little-endian microsecond pcap of Ethernet
     * frames (IPv4 only).
     */
    public static List<Integer> payloadOffsets(byte[] pcap) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> offsets = new ArrayList<>();
        int at = 24;
        while (at + 16 <= pcap.length) {
            int captured = in.getInt(at + 8);
            int frame = at + 16;
            int ip = frame + 14;
            if (captured > 54 && (pcap[frame + 12] & 0xFF) == 0x08 && pcap[frame + 13] == 0 && pcap[ip + 9] == 6) {
                int ipHeader = (pcap[ip] & 0x0F) * 4;
                int totalLength = (pcap[ip + 2] & 0xFF) << 8 | pcap[ip + 3] & 0xFF; // network order
                int tcp = ip + ipHeader;
                int tcpHeader = ((pcap[tcp + 12] & 0xFF) >> 4) * 4;
                for (int p = tcp + tcpHeader; p < ip + totalLength && p < frame + captured; p++) {
                    offsets.add(p);
                }
            }
            at = frame + captured;
        }
        if (offsets.isEmpty()) {
            throw new IOException("no TCP payload");
        }
        return offsets;
    }

    /**
     * Flips payload octets of {@code pcap} in place: each pair of {@code flips} names an octet (by
     * its index among {@code payloadOffsets}) and a non-zero mask.
     */
    public static void mutatePayloads(byte[] pcap, List<Integer> payloadOffsets, int[] flips) {
        for (int i = 0; i + 1 < flips.length; i += 2) {
            int at = payloadOffsets.get(flips[i] % payloadOffsets.size());
            pcap[at] ^= (byte) (1 + flips[i + 1] % 255);
        }
    }

    /** Every event of dissecting the capture {@code pcap} with the registered dissectors. */
    public static List<OtEvent> dissect(byte[] pcap, String name) throws IOException, CaptureException {
        Path file = Files.createTempFile(name, ".pcap");
        try {
            Files.write(file, pcap);
            List<OtEvent> events = new ArrayList<>();
            Dissection dissection = new Dissection(CaptureLimits.defaults(), DissectorConfig.defaults(), Dissectors.all(),
                    events::add);
            try (PacketSource source = CaptureFiles.open(file)) {
                dissection.process(source);
            }
            dissection.finish();
            return events;
        } finally {
            Files.delete(file);
        }
    }

    /** How many of {@code events} are messages or malformed reports of {@code protocol}. */
    public static long eventsOf(List<OtEvent> events, Protocol protocol) {
        return events.stream().filter(e -> e instanceof OtMessage message && message.protocol() == protocol
                || e instanceof Malformed malformed && malformed.protocol() == protocol).count();
    }
}
