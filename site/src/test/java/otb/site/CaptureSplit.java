package otb.site;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Splits a real capture (classic pcap, little-endian, Ethernet) the way mirror ports split a
 * plant's traffic: the frames whose IPv4 source or destination a predicate accepts go to one
 * file, the others to another. Records are copied byte for byte, headers included.
 */
final class CaptureSplit {
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private CaptureSplit() {
    }

    /** An IPv4 address as an int, from the frame; -1 when the frame carries no IPv4. */
    record Addresses(int source, int destination) {
    }

    /** Writes the frames {@code seen} accepts to {@code accepted}, the rest to {@code rest}; returns the counts. */
    static long[] split(Path capture, Predicate<Addresses> seen, Path accepted, Path rest) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(capture)).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt(0);
        if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
            throw new IOException(capture + ": not a little-endian classic pcap");
        }
        java.io.ByteArrayOutputStream yes = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream no = new java.io.ByteArrayOutputStream();
        yes.write(in.array(), 0, GLOBAL_HEADER);
        no.write(in.array(), 0, GLOBAL_HEADER);
        long[] counts = new long[2];
        int position = GLOBAL_HEADER;
        while (position + RECORD_HEADER <= in.limit()) {
            int captured = in.getInt(position + 8);
            if (captured < 0 || position + RECORD_HEADER + captured > in.limit()) {
                throw new IOException(capture + ": truncated record at byte " + position);
            }
            Addresses addresses = addresses(in, position + RECORD_HEADER, captured);
            boolean accept = addresses != null && seen.test(addresses);
            (accept ? yes : no).write(in.array(), position, RECORD_HEADER + captured);
            counts[accept ? 0 : 1]++;
            position += RECORD_HEADER + captured;
        }
        Files.write(accepted, yes.toByteArray());
        Files.write(rest, no.toByteArray());
        return counts;
    }

    private static Addresses addresses(ByteBuffer in, int frame, int length) {
        int type = offsetType(in, frame, length, 12);
        int ip = frame + 14;
        if (type == 0x8100) {
            type = offsetType(in, frame, length, 16);
            ip = frame + 18;
        }
        if (type != 0x0800 || ip + 20 > frame + length) {
            return null;
        }
        ByteBuffer big = in.duplicate().order(ByteOrder.BIG_ENDIAN);
        return new Addresses(big.getInt(ip + 12), big.getInt(ip + 16));
    }

    private static int offsetType(ByteBuffer in, int frame, int length, int offset) {
        if (offset + 2 > length) {
            return -1;
        }
        return ((in.get(frame + offset) & 0xFF) << 8) | (in.get(frame + offset + 1) & 0xFF);
    }

    /** Splits a capture into {@code parts} consecutive runs of (nearly) equal record counts, in time order. */
    static List<Path> consecutive(Path capture, int parts, Path directory) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(capture)).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> starts = new ArrayList<>();
        int position = GLOBAL_HEADER;
        while (position + RECORD_HEADER <= in.limit()) {
            starts.add(position);
            position += RECORD_HEADER + in.getInt(position + 8);
        }
        starts.add(position);
        int records = starts.size() - 1;
        List<Path> files = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            int from = starts.get(records * part / parts);
            int to = starts.get(records * (part + 1) / parts);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(in.array(), 0, GLOBAL_HEADER);
            out.write(in.array(), from, to - from);
            Path file = directory.resolve("part-" + part + ".pcap");
            Files.write(file, out.toByteArray());
            files.add(file);
        }
        return files;
    }

    /**
     * Splits a capture into {@code parts} by address pair (frames without IPv4 go to part 0): each
     * conversation wholly in one part, as mirror ports on different links see a plant.
     */
    static List<Path> byAddressPair(Path capture, int parts, Path directory) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(capture)).order(ByteOrder.LITTLE_ENDIAN);
        List<java.io.ByteArrayOutputStream> outs = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(in.array(), 0, GLOBAL_HEADER);
            outs.add(out);
        }
        int position = GLOBAL_HEADER;
        while (position + RECORD_HEADER <= in.limit()) {
            int captured = in.getInt(position + 8);
            Addresses addresses = addresses(in, position + RECORD_HEADER, captured);
            int part = 0;
            if (addresses != null) {
                long low = Math.min(addresses.source() & 0xFFFF_FFFFL, addresses.destination() & 0xFFFF_FFFFL);
                long high = Math.max(addresses.source() & 0xFFFF_FFFFL, addresses.destination() & 0xFFFF_FFFFL);
                long mixed = (low * 0x9E3779B97F4A7C15L) ^ (high * 0xC2B2AE3D27D4EB4FL);
                part = (int) Math.floorMod(mixed ^ (mixed >>> 29), (long) parts);
            }
            outs.get(part).write(in.array(), position, RECORD_HEADER + captured);
            position += RECORD_HEADER + captured;
        }
        List<Path> files = new ArrayList<>();
        for (int part = 0; part < parts; part++) {
            Path file = directory.resolve("pair-part-" + part + ".pcap");
            Files.write(file, outs.get(part).toByteArray());
            files.add(file);
        }
        return files;
    }

    /** Whether {@code address} is in 10.10.1.0/24 style {@code prefix}/24 (prefix as a.b.c). */
    static boolean inSlash24(int address, int a, int b, int c) {
        return (address >>> 8) == ((a << 16) | (b << 8) | c);
    }
}
