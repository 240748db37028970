package otb.baseline.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import otb.baseline.TestPlants;
import otb.baseline.alert.Alert;
import otb.baseline.cells.Cells;
import otb.baseline.diff.BaselineDiff;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCodec;
import otb.baseline.model.BaselineLimits;
import otb.baseline.store.AuditEntry;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.SnapshotSignature;
import otb.baseline.store.StoredModel;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed baselines of a real snapshot, learned from the demo plant's clean capture with its
 * cells, then extended by a signed approval: export, verify and import round-trip byte for byte,
 * and every kind of tampering is refused.
 */
class SignedBaselineTest {
    static final Path DEMO = Path.of("fixtures/pcaps/demo");
    static final Instant SIGNED_AT = Instant.parse("2026-03-04T05:06:07Z");

    @TempDir
    static Path dir;
    static Path database;
    static Path trust;
    static SigningKey alice;
    static SigningKey bob;
    /** Snapshot 2: the demo's learned baseline with one approved alert folded in. */
    static long approved;
    static byte[] signed;

    @BeforeAll
    static void learnApproveAndSign() throws Exception {
        Path keys = dir.resolve("keys");
        Keys.generate("alice", keys);
        Keys.generate("bob", keys);
        alice = Keys.readSigningKey(keys.resolve("alice.key"));
        bob = Keys.readSigningKey(keys.resolve("bob.key"));
        trust = Files.createDirectories(dir.resolve("trust"));
        Files.copy(keys.resolve("alice.pub"), trust.resolve("alice.pub"));

        database = dir.resolve("plant.db");
        Cells cells = Cells.load(DEMO.resolve("cells.conf"));
        Learner learner = new Learner(cells, new Baseline());
        feed(DEMO.resolve("demo-learn.pcap"), learner);
        try (BaselineStore store = BaselineStore.open(database)) {
            long learned = store.saveSnapshot(learner.baseline(), cells, "learn", "demo-learn.pcap",
                    OptionalLong.empty(), "first half hour", "carol");
            List<Alert> alerts = TestPlants.detectWithNewFunctionAndMalformed(store.load(learned).baseline(),
                    store.alertSink(OptionalLong.of(learned)));
            // Synthetic traffic of another plant: its first alert with a fact (a new asset) is approved.
            Alert first = alerts.stream().filter(a -> !a.fold().isEmpty()).findFirst().orElseThrow();
            approved = store.approve(first.id(), "alice", "new HMI screen, ticket 4711", alice.auditSigner())
                    .orElseThrow();
            signed = BaselineDocument.sign(store.storedModel(approved), Lineage.history(store, approved), alice,
                    SIGNED_AT);
        }
    }

    static void feed(Path capture, java.util.function.Consumer<otb.dissect.OtEvent> out) throws Exception {
        Dissection dissection = Dissection.withDefaults(out);
        try (PacketSource source = CaptureFiles.open(capture)) {
            dissection.process(source);
        }
        dissection.finish();
    }

    @Test
    void theCodecGivesTheSameBytesForTheSameBaseline() throws Exception {
        try (BaselineStore store = BaselineStore.open(database)) {
            StoredModel stored = store.storedModel(approved);
            Baseline decoded = BaselineCodec.decode(stored.model(), BaselineLimits.defaults());
            assertArrayEquals(BaselineCodec.encode(decoded), BaselineCodec.encode(decoded), "encoding twice");
            assertArrayEquals(stored.model(), BaselineCodec.encode(decoded), "decoded and encoded again");
            // So a copy: Baseline.copy() merges into an empty baseline, and value summaries merge
            // exactly (exact sums, distinct values as a set), so the copy encodes to the same bytes.
            assertArrayEquals(stored.model(), BaselineCodec.encode(decoded.copy()), "a copy encodes alike");
        }
    }

    @Test
    void theSameSnapshotSignedTwiceGivesTheSameBytes() throws Exception {
        try (BaselineStore store = BaselineStore.open(database)) {
            byte[] again = BaselineDocument.sign(store.storedModel(approved), Lineage.history(store, approved), alice,
                    SIGNED_AT);
            assertArrayEquals(signed, again);
        }
    }

    @Test
    void exportVerifyImportRoundTrip() throws Exception {
        BaselineDocument.Verified verified = BaselineDocument.verify(signed, "plant.otbb", TrustedKeys.load(trust));
        SignedBaseline content = verified.content();
        assertEquals("alice", verified.signedBy());
        assertEquals(alice.keyId(), content.keyId());
        assertEquals(approved, content.snapshot());
        assertEquals(OptionalLong.of(1), content.parent());
        assertEquals("approve", content.command());
        assertEquals(List.of("learn", "approve"), content.history().stream().map(AuditEntry::action).toList());
        assertEquals(List.of("carol", "alice"), content.history().stream().map(AuditEntry::who).toList());
        assertEquals(OptionalLong.of(approved), content.approvals().get(0).snapshot());
        assertEquals(java.util.Optional.of("alice"),
                AuditSignatures.signer(content.approvals().get(0), TrustedKeys.load(trust)), "the approval is signed");

        Path other = dir.resolve("sensor.db");
        try (BaselineStore store = BaselineStore.open(database);
             BaselineStore sensor = BaselineStore.open(other)) {
            StoredModel original = store.storedModel(approved);
            long imported = sensor.importSnapshot(content.model(), content.cellsText(), new SnapshotSignature(
                    content.baselineId(), verified.signedBy(), content.keyId(), content.signedAt(), "plant.otbb"),
                    "dave", "commissioning");
            StoredModel copy = sensor.storedModel(imported);
            assertArrayEquals(original.model(), copy.model(), "the model is kept byte for byte");
            assertEquals(original.cellsText(), copy.cellsText());
            assertTrue(BaselineDiff.compare(original.snapshot().baseline(), copy.snapshot().baseline()).isEmpty());
            assertEquals(content.baselineId(), sensor.signature(imported).orElseThrow().baselineId());
            assertEquals(List.of(imported), sensor.importedAs(content.baselineId()));
            AuditEntry entry = sensor.audit().get(0);
            assertEquals(List.of("import", "dave", "commissioning"), List.of(entry.action(), entry.who(), entry.reason()));
            assertTrue(entry.detail().contains(content.baselineId()) && entry.detail().contains("alice"), entry.detail());

            byte[] reexported = BaselineDocument.sign(copy, Lineage.history(sensor, imported), alice, SIGNED_AT);
            assertEquals(content.baselineId(),
                    BaselineDocument.verify(reexported, "again.otbb", TrustedKeys.load(trust)).content().baselineId(),
                    "the same model and cells: the same baseline id");
        }
    }

    @Test
    void everyFlippedByteIsRefused() throws Exception {
        TrustedKeys trusted = TrustedKeys.load(trust);
        // One bit in each of 400 places spread over the file, the first and last bytes included.
        int places = 400;
        for (int i = 0; i < places; i++) {
            int position = (int) ((long) i * (signed.length - 1) / (places - 1));
            byte[] flipped = signed.clone();
            flipped[position] ^= 0x01;
            assertThrows(SignatureCheckException.class, () -> BaselineDocument.verify(flipped, "x.otbb", trusted),
                    "bit flipped at byte " + position);
        }
    }

    @Test
    void aRemovedFieldIsRefused() throws Exception {
        SignatureCheckException e = assertThrows(SignatureCheckException.class,
                () -> BaselineDocument.verify(withoutLine("parent: "), "x.otbb", TrustedKeys.load(trust)));
        assertEquals("x.otbb: damaged signed baseline: line 4: expected field 'parent', found 'command' "
                + "(a field missing or out of order)", e.getMessage());
    }

    @Test
    void aReorderedHistoryIsRefused() throws Exception {
        List<String> lines = lines(signed);
        int first = indexOf(lines, "entry: ");
        assertTrue(lines.get(first + 1).startsWith("entry: "), "two entries to swap");
        String learn = lines.get(first);
        lines.set(first, lines.get(first + 1));
        lines.set(first + 1, learn);
        SignatureCheckException e = assertThrows(SignatureCheckException.class,
                () -> BaselineDocument.verify(join(lines), "x.otbb", TrustedKeys.load(trust)));
        assertTrue(e.getMessage().startsWith("x.otbb: altered since it was signed"), e.getMessage());
    }

    @Test
    void aKeyThatIsNotTrustedIsRefused() throws Exception {
        try (BaselineStore store = BaselineStore.open(database)) {
            byte[] byBob = BaselineDocument.sign(store.storedModel(approved), Lineage.history(store, approved), bob,
                    SIGNED_AT);
            SignatureCheckException e = assertThrows(SignatureCheckException.class,
                    () -> BaselineDocument.verify(byBob, "x.otbb", TrustedKeys.load(trust)));
            assertEquals("x.otbb: signed by 'bob' with a key that is not trusted (key id " + bob.keyId()
                    + " is not among the keys in " + trust + ")", e.getMessage());
        }
    }

    @Test
    void aSignatureByAnotherKeyThanTheOneNamedIsRefused() throws Exception {
        // Bob signs a file that names Alice's (trusted) key.
        List<String> lines = lines(signed);
        lines.remove(lines.size() - 1);
        byte[] body = join(lines);
        String forged = "signature: " + java.util.Base64.getEncoder().encodeToString(bob.sign(body)) + "\n";
        byte[] file = (new String(body, StandardCharsets.UTF_8) + forged).getBytes(StandardCharsets.UTF_8);
        SignatureCheckException e = assertThrows(SignatureCheckException.class,
                () -> BaselineDocument.verify(file, "x.otbb", TrustedKeys.load(trust)));
        assertTrue(e.getMessage().startsWith("x.otbb: altered since it was signed"), e.getMessage());
    }

    @Test
    void unsignedAndTruncatedFilesAreRefused() throws Exception {
        TrustedKeys trusted = TrustedKeys.load(trust);
        List<String> lines = lines(signed);
        int signer = indexOf(lines, "signer: ");
        byte[] unsigned = join(lines.subList(0, signer));
        assertEquals("x.otbb: not signed (it ends after its history, with no signer and no signature)",
                assertThrows(SignatureCheckException.class, () -> BaselineDocument.verify(unsigned, "x.otbb", trusted))
                        .getMessage());
        byte[] noSignature = join(lines.subList(0, lines.size() - 1));
        assertEquals("x.otbb: not signed (no signature line)", assertThrows(SignatureCheckException.class,
                () -> BaselineDocument.verify(noSignature, "x.otbb", trusted)).getMessage());
        byte[] truncated = Arrays.copyOf(signed, signed.length / 2);
        assertEquals("x.otbb: truncated (the last line has no end)", assertThrows(SignatureCheckException.class,
                () -> BaselineDocument.verify(truncated, "x.otbb", trusted)).getMessage());
        byte[] pcap = Files.readAllBytes(Path.of("fixtures/pcaps/modbus/modbus-eit.pcap"));
        assertTrue(assertThrows(SignatureCheckException.class, () -> BaselineDocument.verify(pcap, "x.pcap", trusted))
                .getMessage().startsWith("x.pcap: not"));
    }

    @Test
    void keysAreOwnerOnlyAndBadKeyFilesAreRefusedInOneLine() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("alice.key"))));
        assertEquals("keys/alice.key exists already; otb does not replace keys", assertThrows(KeyException.class,
                () -> Keys.generate("alice", keys)).getMessage().replace(dir + "/", ""));

        Path loose = dir.resolve("loose.key");
        Files.copy(keys.resolve("bob.key"), loose);
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(assertThrows(KeyException.class, () -> Keys.readSigningKey(loose)).getMessage()
                .contains("private key readable by others"));

        Path garbage = Files.writeString(dir.resolve("garbage.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n"
                + "-----END PRIVATE KEY-----\n");
        Files.setPosixFilePermissions(garbage, PosixFilePermissions.fromString("rw-------"));
        assertEquals(garbage + ": not an Ed25519 private key",
                assertThrows(KeyException.class, () -> Keys.readSigningKey(garbage)).getMessage());
        Path half = Files.writeString(dir.resolve("half.pub"), "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n");
        assertEquals(half + ": truncated PEM block PUBLIC KEY (no END line)",
                assertThrows(KeyException.class, () -> Keys.readPublicKey(half)).getMessage());
        assertFalse(Keys.validName("../etc"));
    }

    private byte[] withoutLine(String prefix) {
        List<String> lines = lines(signed);
        lines.remove(indexOf(lines, prefix));
        return join(lines);
    }

    static List<String> lines(byte[] file) {
        String text = new String(file, StandardCharsets.UTF_8);
        return new ArrayList<>(Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1)));
    }

    static byte[] join(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line " + prefix);
    }
}
