package otb.baseline.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.OperationClass;
import otb.dissect.Protocol;
import otb.dissect.Protocols;

/**
 * The binary form of a {@link Baseline} as stored in a snapshot: a deflated stream of
 * big-endian fields, opening with the magic {@code OTBB} and a format version. Every count read
 * back is checked against the baseline's bounds before it sizes anything.
 */
public final class BaselineCodec {
    private static final int MAGIC = 0x4F54_4242; // "OTBB"
    /**
     * Version of this encoding; a newer one is refused with a clear message. 3: IP conversations
     * carry frames and bytes each way, and a conversation's transport may be ETHERNET (layer-2
     * conversations between MAC-keyed addresses); value summaries hold exact sums of values and
     * squares instead of a Welford mean and squared deviations, and their distinct values
     * ascending (older snapshots are read, their sums from the mean); industrial conversations
     * carry their learned sequence disciplines (older snapshots load with none),
     * and points the values that moved with them while learning (point correlations).
     * 4: IP conversations carry their client's reconnect habit, in a section of its own at the
     * end (older snapshots load with none: their clients count as never having reconnected).
     */
    public static final int FORMAT_VERSION = 4;
    /** Upper bound for any per-object list read back (functions, signatures, ranges, ...). */
    private static final int MAX_LIST = 1 << 20;
    /** Upper bound for one encoded histogram. */
    private static final int MAX_HISTOGRAM_BYTES = 1 << 20;

    private BaselineCodec() {
    }

    /** A stored baseline that cannot be decoded; the message is one line. */
    public static final class BaselineFormatException extends Exception {
        private static final long serialVersionUID = 1L;

        public BaselineFormatException(String message) {
            super(message);
        }
    }

    /**
     * Bytes handed to the compressor, or taken from the decompressor, at a time. Without a buffer
     * between them every field was its own call into zlib (a readInt four of them, one per byte).
     * With it, the 200 x 100 plant's baseline decodes at `otb analyze`'s start in 259 ms of CPU
     * samples instead of 389, and encodes at `otb learn`'s end in 313 instead of 504 (async-profiler,
     * bench/README.md). The bytes are the same.
     */
    private static final int STREAM_BUFFER_BYTES = 1 << 16;

    public static byte[] encode(Baseline baseline) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                new DeflaterOutputStream(bytes, deflater), STREAM_BUFFER_BYTES))) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeLong(baseline.messages);
            out.writeLong(baseline.droppedObjects);
            out.writeInt(baseline.cells.size());
            for (CellProgress cell : baseline.cells.values()) {
                out.writeUTF(cell.cell);
                out.writeLong(cell.firstSeenNanos);
                out.writeLong(cell.lastSeenNanos);
                out.writeLong(cell.lastNewObjectNanos);
                out.writeLong(cell.objects);
                out.writeLong(cell.messages);
            }
            out.writeInt(baseline.assets.size());
            for (Asset asset : baseline.assets()) {
                address(out, asset.address);
                out.writeUTF(asset.cell);
                out.writeInt(asset.macs.size());
                for (Long mac : asset.macs) {
                    out.writeLong(mac);
                }
                out.writeInt(asset.roles.size());
                for (String role : asset.roles) {
                    out.writeUTF(role);
                }
                out.writeInt(asset.identity.size());
                for (Map.Entry<String, String> entry : asset.identity.entrySet()) {
                    out.writeUTF(entry.getKey());
                    out.writeUTF(entry.getValue());
                }
                out.writeLong(asset.firstSeenNanos);
                out.writeLong(asset.lastSeenNanos);
            }
            out.writeInt(baseline.ipConversations.size());
            for (IpConversation conversation : baseline.ipConversations()) {
                address(out, conversation.key.client());
                address(out, conversation.key.server());
                out.writeUTF(conversation.key.transport().name());
                out.writeInt(conversation.key.serverPort());
                out.writeUTF(conversation.service);
                out.writeUTF(conversation.clientCell);
                out.writeUTF(conversation.serverCell);
                out.writeLong(conversation.flows);
                out.writeLong(conversation.firstSeenNanos);
                out.writeLong(conversation.lastSeenNanos);
                out.writeLong(conversation.framesToServer);
                out.writeLong(conversation.framesToClient);
                out.writeLong(conversation.bytesToServer);
                out.writeLong(conversation.bytesToClient);
            }
            out.writeInt(baseline.conversations.size());
            for (Conversation conversation : baseline.conversations()) {
                conversation(out, conversation);
            }
            out.writeInt(baseline.points.size());
            for (Map.Entry<PointKey, ValueSummary> entry : baseline.points().entrySet()) {
                PointKey key = entry.getKey();
                address(out, key.server());
                out.writeUTF(key.protocol().storedName());
                out.writeInt(key.unit());
                out.writeUTF(key.space());
                out.writeLong(key.address());
                ValueSummaryCodec.write(out, entry.getValue());
            }
            // format 3: sequence disciplines
            out.writeInt(baseline.sequences.size());
            for (Map.Entry<SequenceKey, SequenceDiscipline> entry : baseline.sequences().entrySet()) {
                SequenceKey key = entry.getKey();
                address(out, key.client());
                address(out, key.server());
                out.writeUTF(key.protocol().storedName());
                out.writeUTF(key.counter());
                out.writeBoolean(key.toServer());
                sequence(out, entry.getValue());
            }
            // 3: point correlations, in point order for byte-identical snapshots
            java.util.List<Map.Entry<PointKey, PointCorrelation>> correlations =
                    new java.util.ArrayList<>(baseline.correlations.byPoint.entrySet());
            correlations.sort(Map.Entry.comparingByKey(Baseline.POINT_ORDER));
            out.writeInt(correlations.size());
            for (Map.Entry<PointKey, PointCorrelation> entry : correlations) {
                point(out, entry.getKey());
                PointCorrelation correlation = entry.getValue();
                out.writeLong(correlation.changes);
                java.util.List<PointCorrelation.Partner> partners = correlation.partners();
                out.writeInt(partners.size());
                for (PointCorrelation.Partner partner : partners) {
                    point(out, partner.point());
                    out.writeLong(partner.together());
                }
            }
            ReconnectHabitCodec.write(out, baseline);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail
        } finally {
            deflater.end(); // a Deflater of one's own is not ended by the stream's close
        }
        return bytes.toByteArray();
    }

    private static void conversation(DataOutputStream out, Conversation conversation) throws IOException {
        address(out, conversation.key.client());
        address(out, conversation.key.server());
        out.writeUTF(conversation.key.protocol().storedName());
        out.writeInt(conversation.key.unit());
        out.writeUTF(conversation.transport.name());
        out.writeInt(conversation.serverPort);
        out.writeUTF(conversation.clientCell);
        out.writeUTF(conversation.serverCell);
        out.writeLong(conversation.requests);
        out.writeLong(conversation.responses);
        out.writeLong(conversation.exceptions);
        out.writeLong(conversation.malformed);
        out.writeLong(conversation.peakRequestsPerSecond);
        out.writeLong(conversation.firstSeenNanos);
        out.writeLong(conversation.lastSeenNanos);
        out.writeLong(conversation.untrackedFunctions);
        out.writeLong(conversation.largestTransactionId);
        out.writeInt(conversation.functions.size());
        for (FunctionUse function : conversation.functions) {
            out.writeInt(function.code);
            out.writeUTF(function.name);
            out.writeUTF(function.operation.name());
            out.writeLong(function.requests);
            out.writeLong(function.responses);
            out.writeLong(function.exceptions);
            out.writeLong(function.untrackedSignatures);
            out.writeInt(function.ranges.size());
            for (Map.Entry<String, RangeSet> range : function.ranges.entrySet()) {
                out.writeUTF(range.getKey());
                var intervals = range.getValue().intervals();
                out.writeInt(intervals.size());
                for (long[] interval : intervals) {
                    out.writeLong(interval[0]);
                    out.writeLong(interval[1]);
                }
            }
            histogram(out, function.latency);
            out.writeInt(function.signatures.size());
            for (RequestSignature signature : function.signatures) {
                out.writeUTF(signature.space);
                out.writeLong(signature.start);
                out.writeLong(signature.count);
                out.writeLong(signature.requests);
                histogram(out, signature.cycle);
            }
            out.writeInt(function.commands.size());
            for (Map.Entry<Long, long[]> command : function.commands.entrySet()) {
                out.writeLong(command.getKey());
                out.writeLong(command.getValue()[0]);
                out.writeLong(command.getValue()[1]);
            }
        }
    }

    private static void sequence(DataOutputStream out, SequenceDiscipline discipline) throws IOException {
        out.writeByte(discipline.bits);
        out.writeLong(discipline.pairs);
        out.writeInt(discipline.offsets.length);
        for (int i = 0; i < discipline.offsets.length; i++) {
            out.writeLong(discipline.offsets[i]);
            out.writeLong(discipline.offsetCounts[i]);
        }
        out.writeLong(discipline.otherOffsets);
        out.writeLong(discipline.starts);
        out.writeInt(discipline.startValues.length);
        for (int i = 0; i < discipline.startValues.length; i++) {
            out.writeLong(discipline.startValues[i]);
            out.writeLong(discipline.startCounts[i]);
        }
        out.writeLong(discipline.otherStarts);
        out.writeLong(discipline.largestValue);
    }

    private static SequenceDiscipline sequence(DataInputStream in) throws IOException, BaselineFormatException {
        int bits = in.readUnsignedByte();
        if (bits < 1 || bits > 32) {
            throw new BaselineFormatException("stored baseline is damaged: a sequence counter of " + bits + " bits");
        }
        SequenceDiscipline discipline = new SequenceDiscipline(bits);
        discipline.pairs = in.readLong();
        int offsets = count(in, SequenceDiscipline.MAX_TALLIES, "sequence offsets");
        discipline.offsets = new long[offsets];
        discipline.offsetCounts = new long[offsets];
        for (int i = 0; i < offsets; i++) {
            discipline.offsets[i] = in.readLong();
            discipline.offsetCounts[i] = in.readLong();
        }
        discipline.otherOffsets = in.readLong();
        discipline.starts = in.readLong();
        int starts = count(in, SequenceDiscipline.MAX_TALLIES, "sequence start values");
        discipline.startValues = new long[starts];
        discipline.startCounts = new long[starts];
        for (int i = 0; i < starts; i++) {
            discipline.startValues[i] = in.readLong();
            discipline.startCounts[i] = in.readLong();
        }
        discipline.otherStarts = in.readLong();
        discipline.largestValue = in.readLong();
        return discipline;
    }

    private static void point(DataOutputStream out, PointKey key) throws IOException {
        address(out, key.server());
        out.writeUTF(key.protocol().storedName());
        out.writeInt(key.unit());
        out.writeUTF(key.space());
        out.writeLong(key.address());
    }

    private static PointKey point(DataInputStream in) throws IOException, BaselineFormatException {
        return new PointKey(address(in), protocol(in), in.readInt(), in.readUTF(), in.readLong());
    }

    private static void histogram(DataOutputStream out, TimingSummary timing) throws IOException {
        byte[] encoded = timing.encode();
        out.writeInt(encoded.length);
        out.write(encoded);
    }

    static void address(DataOutputStream out, IpAddress address) throws IOException {
        out.writeBoolean(address.v6());
        out.writeLong(address.high());
        out.writeLong(address.low());
    }

    static long nonNegative(long value, String what) throws BaselineFormatException {
        if (value < 0) {
            throw new BaselineFormatException("stored baseline has negative " + what + ": " + value);
        }
        return value;
    }

    public static Baseline decode(byte[] encoded, BaselineLimits limits) throws BaselineFormatException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new InflaterInputStream(new ByteArrayInputStream(encoded)), STREAM_BUFFER_BYTES))) {
            if (in.readInt() != MAGIC) {
                throw new BaselineFormatException("stored baseline does not start with OTBB");
            }
            int version = in.readInt();
            if (version > FORMAT_VERSION) {
                throw new BaselineFormatException("stored baseline has format " + version + ", newer than this otb ("
                        + FORMAT_VERSION + "); upgrade otb");
            }
            Baseline baseline = new Baseline(limits);
            baseline.messages = in.readLong();
            baseline.droppedObjects = in.readLong();
            int cells = count(in, MAX_LIST, "cells");
            for (int i = 0; i < cells; i++) {
                CellProgress cell = baseline.cell(in.readUTF());
                cell.firstSeenNanos = in.readLong();
                cell.lastSeenNanos = in.readLong();
                cell.lastNewObjectNanos = in.readLong();
                cell.objects = in.readLong();
                cell.messages = in.readLong();
            }
            int assets = count(in, limits.maxAssets(), "assets");
            for (int i = 0; i < assets; i++) {
                IpAddress address = address(in);
                Asset asset = new Asset(address, in.readUTF(), 0);
                int macs = count(in, Asset.MAX_MACS, "MACs");
                for (int m = 0; m < macs; m++) {
                    asset.addMac(in.readLong());
                }
                int roles = count(in, MAX_LIST, "roles");
                for (int r = 0; r < roles; r++) {
                    asset.roles.add(in.readUTF());
                }
                int identity = count(in, Asset.MAX_IDENTITY_ENTRIES, "identity entries");
                for (int k = 0; k < identity; k++) {
                    asset.identity.put(in.readUTF(), in.readUTF());
                }
                asset.firstSeenNanos = in.readLong();
                asset.lastSeenNanos = in.readLong();
                baseline.assets.put(address, asset);
            }
            int ipConversations = count(in, limits.maxIpConversations(), "IP conversations");
            for (int i = 0; i < ipConversations; i++) {
                IpConversationKey key = new IpConversationKey(address(in), address(in), transport(in), in.readInt());
                IpConversation conversation = new IpConversation(key, in.readUTF(), in.readUTF(), in.readUTF());
                conversation.flows = in.readLong();
                conversation.firstSeenNanos = in.readLong();
                conversation.lastSeenNanos = in.readLong();
                if (version >= 3) {
                    conversation.framesToServer = nonNegative(in.readLong(), "frames");
                    conversation.framesToClient = nonNegative(in.readLong(), "frames");
                    conversation.bytesToServer = nonNegative(in.readLong(), "bytes");
                    conversation.bytesToClient = nonNegative(in.readLong(), "bytes");
                }
                baseline.ipConversations.put(key, conversation);
            }
            int conversations = count(in, limits.maxConversations(), "conversations");
            for (int i = 0; i < conversations; i++) {
                Conversation conversation = conversation(in, version);
                baseline.conversations.put(conversation.key, conversation);
            }
            int points = count(in, limits.maxPoints(), "points");
            for (int i = 0; i < points; i++) {
                PointKey key = new PointKey(address(in), protocol(in), in.readInt(), in.readUTF(), in.readLong());
                baseline.points.put(key, ValueSummaryCodec.read(in, version));
            }
            if (version >= 3) {
                int sequences = count(in, Baseline.sequenceCounterBudget(limits), "sequence counters");
                for (int i = 0; i < sequences; i++) {
                    SequenceKey key = new SequenceKey(address(in), address(in), protocol(in), in.readUTF(),
                            in.readBoolean());
                    baseline.sequences.put(key, sequence(in));
                }
                int correlated = count(in, limits.maxPoints(), "point correlations");
                for (int i = 0; i < correlated; i++) {
                    PointCorrelation correlation = baseline.correlations.stored(point(in));
                    correlation.changes = in.readLong();
                    int partners = count(in, PointCorrelation.PARTNERS, "correlated points");
                    for (int p = 0; p < partners; p++) {
                        correlation.together(point(in), in.readLong());
                    }
                }
            }
            if (version >= 4) {
                ReconnectHabitCodec.read(in, baseline, limits);
            }
            return baseline;
        } catch (IOException | DataFormatException | IllegalArgumentException e) {
            throw new BaselineFormatException("stored baseline is damaged: " + e.getMessage());
        }
    }

    private static Conversation conversation(DataInputStream in, int version) throws IOException, DataFormatException,
            BaselineFormatException {
        ConversationKey key = new ConversationKey(address(in), address(in), protocol(in), in.readInt());
        Transport transport = transport(in);
        Conversation conversation = new Conversation(key, transport, in.readInt(), in.readUTF(), in.readUTF());
        conversation.requests = in.readLong();
        conversation.responses = in.readLong();
        conversation.exceptions = in.readLong();
        conversation.malformed = in.readLong();
        conversation.peakRequestsPerSecond = in.readLong();
        conversation.firstSeenNanos = in.readLong();
        conversation.lastSeenNanos = in.readLong();
        conversation.untrackedFunctions = in.readLong();
        if (version >= 2) {
            conversation.largestTransactionId = in.readLong();
        }
        int functions = count(in, Conversation.MAX_FUNCTIONS, "functions");
        for (int f = 0; f < functions; f++) {
            int code = in.readInt();
            String name = in.readUTF();
            OperationClass operation = enumValue(OperationClass.values(), in.readUTF(), "operation class");
            FunctionUse function = new FunctionUse(code, name, operation, new TimingSummary());
            function.requests = in.readLong();
            function.responses = in.readLong();
            function.exceptions = in.readLong();
            function.untrackedSignatures = in.readLong();
            int spaces = count(in, FunctionUse.MAX_SPACES, "address spaces");
            for (int s = 0; s < spaces; s++) {
                RangeSet set = new RangeSet();
                String space = in.readUTF();
                int intervals = count(in, RangeSet.MAX_INTERVALS, "intervals");
                for (int r = 0; r < intervals; r++) {
                    long start = in.readLong();
                    long end = in.readLong();
                    set.add(start, end - start);
                }
                function.ranges.put(space, set);
            }
            function.latency.merge(histogram(in));
            int signatures = count(in, FunctionUse.MAX_SIGNATURES, "signatures");
            for (int s = 0; s < signatures; s++) {
                RequestSignature signature = new RequestSignature(in.readUTF(), in.readLong(), in.readLong(),
                        new TimingSummary());
                signature.requests = in.readLong();
                signature.cycle.merge(histogram(in));
                function.signatures.add(signature);
            }
            int commands = count(in, FunctionUse.MAX_COMMANDS, "commands");
            for (int c = 0; c < commands; c++) {
                function.rememberCommand(in.readLong(), in.readLong(), in.readLong());
            }
            conversation.functions.add(function);
        }
        return conversation;
    }

    private static TimingSummary histogram(DataInputStream in) throws IOException, DataFormatException,
            BaselineFormatException {
        int length = count(in, MAX_HISTOGRAM_BYTES, "histogram bytes");
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return TimingSummary.decode(bytes);
    }

    static IpAddress address(DataInputStream in) throws IOException {
        boolean v6 = in.readBoolean();
        long high = in.readLong();
        long low = in.readLong();
        return v6 ? IpAddress.ipv6(high, low) : new IpAddress(0, low & 0xFFFF_FFFFL, false);
    }

    static Transport transport(DataInputStream in) throws IOException, BaselineFormatException {
        return enumValue(Transport.values(), in.readUTF(), "transport");
    }

    private static Protocol protocol(DataInputStream in) throws IOException, BaselineFormatException {
        String name = in.readUTF();
        return Protocols.named(name).orElseThrow(() -> new BaselineFormatException(
                "stored baseline names an unknown protocol " + name + "; it may come from a newer otb"));
    }

    /** Enums are stored by name, so adding a constant never shifts stored values. */
    private static <E extends Enum<E>> E enumValue(E[] values, String name, String what) throws BaselineFormatException {
        for (E value : values) {
            if (value.name().equals(name)) {
                return value;
            }
        }
        throw new BaselineFormatException("stored baseline names an unknown " + what + " " + name
                + "; it may come from a newer otb");
    }

    static int count(DataInputStream in, int limit, String what) throws IOException, BaselineFormatException {
        int count = in.readInt();
        if (count < 0 || count > limit) {
            throw new BaselineFormatException("stored baseline is damaged: " + count + " " + what + " (limit " + limit + ")");
        }
        return count;
    }
}
