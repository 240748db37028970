package otb.dissect.modbus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * For the benches: a long capture made of a short one, as a monitor sees traffic for hours. The
 * copies follow each other one day apart in capture time, far beyond any flow's idle timeout, so
 * each copy's flows start afresh as the first copy's did; what a run or a flow costs once is then
 * spread over as many frames as the copies hold. Classic pcap files only (either byte order,
 * microsecond or nanosecond times).
 */
final class PcapCopies {
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;
    private static final long DAY_SECONDS = 86_400;

    private PcapCopies() {
    }

    /** Prints the path of a temporary file holding {@code COPIES} copies of {@code PCAP}: PCAP COPIES. */
    public static void main(String[] args) throws IOException {
        System.out.println(write(Path.of(args[0]), Integer.parseInt(args[1])));
    }

    /**
     * A temporary pcap file holding {@code copies} copies of {@code pcap}'s frames, each copy's
     * times a day after the previous copy's. The caller deletes it.
     */
    static Path write(Path pcap, int copies) throws IOException {
        byte[] original = Files.readAllBytes(pcap);
        if (original.length < FILE_HEADER) {
            throw new IOException(pcap + ": shorter than a pcap file header");
        }
        ByteBuffer in = ByteBuffer.wrap(original);
        int magic = in.getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            in.order(ByteOrder.LITTLE_ENDIAN);
        } else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new IOException(pcap + ": not a classic pcap file (pcapng is not supported here)");
        }
        int frames = original.length - FILE_HEADER;
        if (copies < 1 || (long) copies * frames > Integer.MAX_VALUE - FILE_HEADER) {
            throw new IOException(pcap + ": " + copies + " copies would not fit in one buffer");
        }
        ByteBuffer out = ByteBuffer.allocate(FILE_HEADER + copies * frames).order(in.order());
        out.put(original, 0, FILE_HEADER);
        for (int copy = 0; copy < copies; copy++) {
            int recordAt = out.position();
            out.put(original, FILE_HEADER, frames);
            while (recordAt < out.position()) {
                if (out.position() - recordAt < RECORD_HEADER) {
                    throw new IOException(pcap + ": truncated record header at byte " + (recordAt - copy * frames));
                }
                long length = Integer.toUnsignedLong(out.getInt(recordAt + 8));
                if (length > out.position() - recordAt - RECORD_HEADER) {
                    throw new IOException(pcap + ": record at byte " + (recordAt - copy * frames)
                            + " claims " + length + " bytes, more than the file holds");
                }
                long seconds = Integer.toUnsignedLong(out.getInt(recordAt)) + copy * DAY_SECONDS;
                out.putInt(recordAt, (int) seconds);
                recordAt += RECORD_HEADER + (int) length;
            }
        }
        Path copy = Files.createTempFile("otb-bench-copies", ".pcap");
        Files.write(copy, out.array());
        return copy;
    }
}
