package otb.baseline.sign;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import otb.baseline.cells.Cells;
import otb.baseline.cells.CellsException;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCodec;
import otb.baseline.model.BaselineLimits;
import otb.baseline.store.AuditChain;
import otb.baseline.store.AuditEntry;
import otb.baseline.store.SnapshotInfo;
import otb.baseline.store.StoredModel;

/**
 * The signed baseline file, {@code .otbb}: UTF-8 text, one {@code field: value} a line in a fixed
 * order, the model as base64 of its stored bytes, and last an Ed25519 signature over every byte
 * before the signature line. The same snapshot, history, key and time always give the same
 * bytes (Ed25519 signatures are deterministic).
 *
 * <pre>
 * otb-signed-baseline 1
 * baseline-id: SHA-256 of model and cells (SignedBaseline.idOf), 64 hex digits
 * snapshot: N
 * parent: N | none
 * command: learn | monitor | approve | import
 * created: ISO-8601 UTC
 * input: text
 * note: text
 * messages: N
 * first-ns: N
 * last-ns: N
 * model-format: N
 * model: base64 of the stored model (BaselineCodec)
 * cells: text
 * history: N
 * entry: id at who action alert reason snapshot detail signature prev-hash hash    (N lines)
 * signer: name
 * key-id: SHA-256 of the signing public key, 64 hex digits
 * signed-at: ISO-8601 UTC
 * signature: base64 of the Ed25519 signature of every byte above this line
 * </pre>
 *
 * Text values escape backslash, line feed and carriage return; entry tokens also blanks, and
 * {@code \e} is the empty token ({@link DocumentText}). Reading checks the file's size before
 * reading it and every count against a limit before it sizes anything.
 */
public final class BaselineDocument {
    /** The first line's word. */
    public static final String MAGIC = "otb-signed-baseline";
    /** This format's version, the first line's number. */
    public static final int VERSION = 1;
    /** Files larger than this are refused unread: 128 MiB, some 50 times the largest baseline measured. */
    public static final long MAX_BYTES = 128L << 20;
    /** At most this many history entries. */
    static final int MAX_HISTORY = 1_000_000;
    private static final int ENTRY_TOKENS = 11;
    private static final String SIGNATURE_FIELD = "signature";

    private BaselineDocument() {
    }

    /** A file checked against trusted keys, with its model and cells decoded. */
    public record Verified(SignedBaseline content, String signedBy, Baseline baseline, Cells cells) {
    }

    /**
     * The signed file of a stored snapshot.
     *
     * @param history the audit entries of the snapshot's lineage, oldest first
     */
    public static byte[] sign(StoredModel stored, List<AuditEntry> history, SigningKey key, Instant signedAt) {
        SnapshotInfo info = stored.snapshot().info();
        SignedBaseline content = new SignedBaseline(SignedBaseline.idOf(stored.model(), stored.cellsText()), info.id(),
                info.parent(), info.command(), info.createdAt(), info.input(), info.note(), info.messages(),
                info.firstNanos(), info.lastNanos(), stored.modelFormat(), stored.model(), stored.cellsText(), history,
                key.name(), key.keyId(), signedAt.toString());
        byte[] signed = signedPart(content).getBytes(StandardCharsets.UTF_8);
        String signature = SIGNATURE_FIELD + ": " + Base64.getEncoder().encodeToString(key.sign(signed)) + "\n";
        byte[] tail = signature.getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[signed.length + tail.length];
        System.arraycopy(signed, 0, file, 0, signed.length);
        System.arraycopy(tail, 0, file, signed.length, tail.length);
        return file;
    }

    /** Every line up to and including {@code signed-at}. */
    private static String signedPart(SignedBaseline content) {
        StringBuilder text = new StringBuilder(content.model().length * 4 / 3 + 4096);
        text.append(MAGIC).append(' ').append(VERSION).append('\n');
        field(text, "baseline-id", content.baselineId());
        field(text, "snapshot", Long.toString(content.snapshot()));
        field(text, "parent", content.parent().isPresent() ? Long.toString(content.parent().getAsLong()) : "none");
        field(text, "command", DocumentText.value(content.command()));
        field(text, "created", DocumentText.value(content.created()));
        field(text, "input", DocumentText.value(content.input()));
        field(text, "note", DocumentText.value(content.note()));
        field(text, "messages", Long.toString(content.messages()));
        field(text, "first-ns", Long.toString(content.firstNanos()));
        field(text, "last-ns", Long.toString(content.lastNanos()));
        field(text, "model-format", Integer.toString(content.modelFormat()));
        field(text, "model", Base64.getEncoder().encodeToString(content.model()));
        field(text, "cells", DocumentText.value(content.cellsText()));
        field(text, "history", Integer.toString(content.history().size()));
        for (AuditEntry entry : content.history()) {
            StringBuilder line = new StringBuilder();
            for (String token : List.of(Long.toString(entry.id()), entry.at(), entry.who(), entry.action(),
                    entry.alertId(), entry.reason(),
                    entry.snapshot().isPresent() ? Long.toString(entry.snapshot().getAsLong()) : "", entry.detail(),
                    entry.signature(), entry.prevHash(), entry.hash())) {
                line.append(line.length() == 0 ? "" : " ").append(DocumentText.token(token));
            }
            field(text, "entry", line.toString());
        }
        field(text, "signer", DocumentText.value(content.signer()));
        field(text, "key-id", content.keyId());
        field(text, "signed-at", content.signedAt());
        return text.toString();
    }

    private static void field(StringBuilder text, String name, String value) {
        text.append(name).append(": ").append(value).append('\n');
    }

    /** Reads {@code file} and checks it against {@code trusted}; see {@link #verify(byte[], String, TrustedKeys)}. */
    public static Verified verify(Path file, TrustedKeys trusted) throws SignatureCheckException {
        return verify(read(file), file.toString(), trusted);
    }

    /** The bytes of a file, refused unread when larger than {@link #MAX_BYTES}. */
    public static byte[] read(Path file) throws SignatureCheckException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new SignatureCheckException(file + ": no such file");
            }
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new SignatureCheckException(file + ": not a signed baseline (" + size + " bytes, more than "
                        + MAX_BYTES + ")");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return in.readNBytes((int) size);
            }
        } catch (IOException e) {
            throw new SignatureCheckException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Checks a signed baseline: its form, that a trusted key signed it, that not a byte changed
     * since, that its id is its content's, and that its model and cells decode.
     *
     * @param source names the file in messages
     * @throws SignatureCheckException unsigned, altered, untrusted, damaged or of a newer otb; one line
     */
    public static Verified verify(byte[] bytes, String source, TrustedKeys trusted) throws SignatureCheckException {
        Parsed parsed = parse(bytes, source);
        SignedBaseline content = parsed.content;
        TrustedKeys.TrustedKey key = trusted.find(content.keyId()).orElseThrow(() -> new SignatureCheckException(
                source + ": signed by '" + content.signer() + "' with a key that is not trusted (key id "
                        + content.keyId() + " is not among the keys in " + trusted.directory() + ")"));
        if (!Keys.verify(key.key(), parsed.signedBytes, parsed.signature)) {
            throw new SignatureCheckException(source + ": altered since it was signed (the signature does not match "
                    + "the content for key '" + key.name() + "')");
        }
        long previous = 0;
        for (AuditEntry entry : content.history()) {
            if (entry.id() <= previous || !AuditChain.hash(entry).equals(entry.hash())) {
                throw new SignatureCheckException(source + ": history entry " + entry.id()
                        + " is out of order or does not match its hash");
            }
            previous = entry.id();
        }
        if (!SignedBaseline.idOf(content.model(), content.cellsText()).equals(content.baselineId())) {
            throw new SignatureCheckException(source + ": its baseline id does not match its model and cells");
        }
        if (content.modelFormat() > BaselineCodec.FORMAT_VERSION) {
            throw new SignatureCheckException(source + ": its model has format " + content.modelFormat()
                    + ", newer than this otb (" + BaselineCodec.FORMAT_VERSION + "); upgrade otb");
        }
        try {
            Baseline baseline = BaselineCodec.decode(content.model(), BaselineLimits.defaults());
            Cells cells = content.cellsText().isEmpty() ? Cells.automatic()
                    : Cells.parse(content.cellsText(), "cells of " + source);
            return new Verified(content, key.name(), baseline, cells);
        } catch (BaselineCodec.BaselineFormatException | CellsException e) {
            throw new SignatureCheckException(source + ": signed but unusable: " + e.getMessage(), e);
        }
    }

    /** A file's content, the bytes its signature covers and the signature; nothing checked but the form. */
    private record Parsed(SignedBaseline content, byte[] signedBytes, byte[] signature) {
    }

    private static Parsed parse(byte[] bytes, String source) throws SignatureCheckException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SignatureCheckException(source + ": not a signed baseline (not UTF-8 text)", e);
        }
        Lines lines = new Lines(text, source);
        String first = lines.next();
        if (first == null || !first.startsWith(MAGIC + " ")) {
            throw new SignatureCheckException(source + ": not an otb signed baseline (it does not start with '"
                    + MAGIC + " " + VERSION + "')");
        }
        String version = first.substring(MAGIC.length() + 1);
        if (!version.equals(Integer.toString(VERSION))) {
            throw new SignatureCheckException(source + ": signed baseline format " + version
                    + " is not one this otb reads (" + VERSION + "); upgrade otb");
        }
        String baselineId = lines.hex("baseline-id");
        long snapshot = lines.number("snapshot");
        String parentText = lines.field("parent");
        OptionalLong parent = parentText.equals("none") ? OptionalLong.empty()
                : OptionalLong.of(lines.parseNumber("parent", parentText));
        String command = lines.value("command");
        String created = lines.value("created");
        String input = lines.value("input");
        String note = lines.value("note");
        long messages = lines.number("messages");
        long firstNanos = lines.number("first-ns");
        long lastNanos = lines.number("last-ns");
        long modelFormat = lines.number("model-format");
        if (modelFormat > Integer.MAX_VALUE) {
            throw lines.error("model-format " + modelFormat + " out of range");
        }
        byte[] model = lines.base64("model");
        String cells = lines.value("cells");
        long count = lines.number("history");
        if (count > MAX_HISTORY || count > lines.remaining()) {
            throw lines.error("history of " + count + " entries (limit " + MAX_HISTORY + ", lines left "
                    + lines.remaining() + ")");
        }
        List<AuditEntry> history = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            history.add(lines.entry());
        }
        if (lines.atEnd()) {
            throw new SignatureCheckException(source + ": not signed (it ends after its history, with no signer and "
                    + "no signature)");
        }
        String signer = lines.value("signer");
        String keyId = lines.hex("key-id");
        String signedAt = lines.value("signed-at");
        int signedEnd = lines.offset();
        if (lines.atEnd()) {
            throw new SignatureCheckException(source + ": not signed (no signature line)");
        }
        byte[] signature = lines.base64(SIGNATURE_FIELD);
        if (!lines.atEnd()) {
            throw lines.error("more after the signature");
        }
        if (signature.length != 64) {
            throw new SignatureCheckException(source + ": not signed (a signature of " + signature.length
                    + " bytes, Ed25519's has 64)");
        }
        SignedBaseline content = new SignedBaseline(baselineId, snapshot, parent, command, created, input, note,
                messages, firstNanos, lastNanos, (int) modelFormat, model, cells, history, signer, keyId, signedAt);
        return new Parsed(content, text.substring(0, signedEnd).getBytes(StandardCharsets.UTF_8), signature);
    }

    /** The lines of a document, read in order, each {@code name: value}. */
    private static final class Lines {
        private final String text;
        private final String source;
        private int position;
        private int number;

        Lines(String text, String source) throws SignatureCheckException {
            if (!text.endsWith("\n")) {
                throw new SignatureCheckException(source + ": truncated (the last line has no end)");
            }
            this.text = text;
            this.source = source;
        }

        String next() {
            if (position >= text.length()) {
                return null;
            }
            int end = text.indexOf('\n', position);
            String line = text.substring(position, end);
            position = end + 1;
            number++;
            return line;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        int offset() {
            return position;
        }

        long remaining() {
            long count = 0;
            for (int i = position; i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    count++;
                }
            }
            return count;
        }

        SignatureCheckException error(String what) {
            return new SignatureCheckException(source + ": damaged signed baseline: line " + number + ": " + what);
        }

        /** The raw value of the next line, which must be field {@code name}. */
        String field(String name) throws SignatureCheckException {
            String line = next();
            if (line == null) {
                throw new SignatureCheckException(source + ": truncated: field '" + name + "' is missing at the end");
            }
            if (line.indexOf('\r') >= 0) {
                throw error("carriage return in a line");
            }
            String prefix = name + ": ";
            if (!line.startsWith(prefix)) {
                int colon = line.indexOf(':');
                String found = colon > 0 && colon <= 32 ? line.substring(0, colon) : "no field";
                throw error("expected field '" + name + "', found '" + found + "' (a field missing or out of order)");
            }
            return line.substring(prefix.length());
        }

        String value(String name) throws SignatureCheckException {
            try {
                return DocumentText.unescapeValue(field(name));
            } catch (DocumentText.EscapeException e) {
                throw error(name + ": " + e.getMessage());
            }
        }

        long number(String name) throws SignatureCheckException {
            return parseNumber(name, field(name));
        }

        long parseNumber(String name, String value) throws SignatureCheckException {
            if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (value.length() > 1 && value.charAt(0) == '0')) {
                throw error(name + ": not a number: '" + (value.length() > 24 ? value.substring(0, 24) + "..." : value) + "'");
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw error(name + ": number out of range");
            }
        }

        String hex(String name) throws SignatureCheckException {
            String value = field(name);
            if (value.length() != 64 || !value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw error(name + ": not 64 lower-case hex digits");
            }
            return value;
        }

        byte[] base64(String name) throws SignatureCheckException {
            try {
                return Base64.getDecoder().decode(field(name));
            } catch (IllegalArgumentException e) {
                throw error(name + ": not base64 (" + e.getMessage() + ")");
            }
        }

        AuditEntry entry() throws SignatureCheckException {
            String[] tokens = field("entry").split(" ", -1);
            if (tokens.length != ENTRY_TOKENS) {
                throw error("entry: " + tokens.length + " tokens, expected " + ENTRY_TOKENS);
            }
            String[] values = new String[ENTRY_TOKENS];
            try {
                for (int i = 0; i < ENTRY_TOKENS; i++) {
                    values[i] = DocumentText.unescapeToken(tokens[i]);
                }
            } catch (DocumentText.EscapeException e) {
                throw error("entry: " + e.getMessage());
            }
            long id = parseNumber("entry id", values[0]);
            OptionalLong snapshot = values[6].isEmpty() ? OptionalLong.empty()
                    : OptionalLong.of(parseNumber("entry snapshot", values[6]));
            return new AuditEntry(id, values[1], values[2], values[3], values[4], values[5], snapshot, values[7],
                    values[8], values[9], values[10]);
        }
    }
}
