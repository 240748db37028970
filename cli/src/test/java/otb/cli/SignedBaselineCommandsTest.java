package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import otb.baseline.alert.Severity;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.StoredAlert;
import otb.capture.TestEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed baselines and the audit trail through the command line, on the demo plant: keys, export,
 * verify, import, detection against the signed baseline, signed approvals, the audit chain edited
 * with the sqlite3 command line, and diffs that say who approved each change.
 */
class SignedBaselineCommandsTest {
    private static final Path DEMO = Path.of("fixtures/pcaps/demo");
    private static final Pattern ALERT_ID = Pattern.compile("\"id\":\"([0-9a-f]{16})\"");

    @TempDir
    static Path dir;
    static Path keys;
    static Path trust;
    static String plant;
    static Path approved;

    @BeforeAll
    static void learnAndExport() throws Exception {
        keys = dir.resolve("keys");
        for (String name : List.of("alice", "bob")) {
            CliRun generate = CliRun.run("keys", "generate", "--name", name, "-o", keys.toString());
            assertEquals(ExitCode.OK, generate.exitCode(), generate.err());
        }
        trust = Files.createDirectories(dir.resolve("trust"));
        Files.copy(keys.resolve("alice.pub"), trust.resolve("alice.pub"));
        plant = dir.resolve("plant.db").toString();
        ok("learn", DEMO.resolve("demo-learn.pcap").toString(), "--db", plant, "--cells",
                DEMO.resolve("cells.conf").toString(), "--by", "carol", "--note", "first half hour");
        approved = dir.resolve("approved.otbb");
        CliRun export = ok("baseline", "export", "--db", plant, "--sign", keys.resolve("alice.key").toString(), "-o",
                approved.toString());
        assertTrue(export.out().contains("snapshot 1 as baseline "), export.out());
    }

    static CliRun ok(String... args) {
        CliRun run = CliRun.run(args);
        assertEquals(ExitCode.OK, run.exitCode(), String.join(" ", args) + ": " + run.err());
        return run;
    }

    static void refused(String expectedStart, String... args) {
        CliRun run = CliRun.run(args);
        assertEquals(ExitCode.INPUT, run.exitCode(), run.out() + run.err());
        assertTrue(run.oneErrorLine(), run.err());
        assertTrue(run.err().startsWith("otb: " + expectedStart), run.err());
    }

    @Test
    void keysArePemWithThePrivateOneForItsOwnerOnly() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("alice.key"))));
        assertTrue(Files.readString(keys.resolve("alice.key")).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(keys.resolve("alice.pub")).startsWith("-----BEGIN PUBLIC KEY-----\n"));
        refused(keys.resolve("alice.key") + " exists already", "keys", "generate", "--name", "alice", "-o", keys.toString());
        assertEquals(ExitCode.USAGE, CliRun.run("keys", "generate", "--name", "../x", "-o", keys.toString()).exitCode());
    }

    @Test
    void verifySaysWhoSignedAndWhatMadeIt() {
        CliRun verify = ok("baseline", "verify", approved.toString(), "--trust", trust.toString());
        assertTrue(verify.out().startsWith(approved + ": good signature by alice (key "), verify.out());
        assertTrue(verify.out().contains("learn by carol, snapshot 1: first half hour"), verify.out());
    }

    @Test
    void importKeepsTheBaselineAndRefusesTamperedFilesInOneLine() throws Exception {
        String sensor = dir.resolve("sensor.db").toString();
        CliRun imported = ok("baseline", "import", approved.toString(), "--trust", trust.toString(), "--db", sensor,
                "--by", "dave", "--reason", "commissioning");
        assertTrue(imported.out().contains("signed by alice imported as snapshot 1"), imported.out());
        CliRun again = ok("baseline", "import", approved.toString(), "--trust", trust.toString(), "--db", sensor);
        assertTrue(again.out().contains("was imported before, as snapshot 1"), again.out());
        CliRun diff = CliRun.run("diff", plant, sensor);
        assertEquals(ExitCode.OK, diff.exitCode(), "the imported baseline equals the exported one: " + diff.out());

        byte[] bytes = Files.readAllBytes(approved);
        byte[] flipped = bytes.clone();
        // A letter of the base64 model past the middle, its case swapped: still base64, other bytes.
        int at = bytes.length / 2;
        while (!Character.isLetter(bytes[at])) {
            at++;
        }
        flipped[at] ^= 0x20;
        Path altered = Files.write(dir.resolve("altered.otbb"), flipped);
        refused(altered + ": altered since it was signed", "baseline", "import", altered.toString(), "--trust",
                trust.toString(), "--db", sensor);

        String text = new String(bytes, StandardCharsets.UTF_8);
        Path unsigned = Files.writeString(dir.resolve("unsigned.otbb"), text.substring(0, text.indexOf("signer: ")));
        refused(unsigned + ": not signed", "baseline", "import", unsigned.toString(), "--trust", trust.toString(),
                "--db", sensor);

        Path byBob = dir.resolve("bob.otbb");
        ok("baseline", "export", "--db", plant, "--sign", keys.resolve("bob.key").toString(), "-o", byBob.toString());
        refused(byBob + ": signed by 'bob' with a key that is not trusted", "baseline", "verify", byBob.toString(),
                "--trust", trust.toString());

        Path truncated = Files.write(dir.resolve("truncated.otbb"), java.util.Arrays.copyOf(bytes, 100));
        refused(truncated + ": truncated", "baseline", "verify", truncated.toString(), "--trust", trust.toString());
        refused("fixtures/pcaps/demo/demo-attack.pcap: not", "baseline", "verify",
                DEMO.resolve("demo-attack.pcap").toString(), "--trust", trust.toString());
        refused(keys.resolve("alice.pub") + ": no PRIVATE KEY block", "baseline", "export", "--db", plant, "--sign",
                keys.resolve("alice.pub").toString(), "-o", dir.resolve("never.otbb").toString());
        Path badPem = Files.writeString(dir.resolve("bad.pub"), "not a key\n");
        Path badTrust = Files.createDirectories(dir.resolve("bad-trust"));
        Files.copy(badPem, badTrust.resolve("bad.pub"));
        refused(badTrust.resolve("bad.pub") + ":1: not a PEM key file", "baseline", "verify", approved.toString(),
                "--trust", badTrust.toString());
        try (BaselineStore store = BaselineStore.open(Path.of(sensor))) {
            assertEquals(1, store.snapshots().size(), "nothing refused was imported");
            assertEquals(List.of("import"), store.audit().stream().map(e -> e.action()).toList());
            assertEquals("dave", store.audit().get(0).who());
        }
    }

    @Test
    void analyzingAgainstTheSignedBaselineRaisesWhatItsSnapshotRaises() throws Exception {
        Path fromSnapshot = dir.resolve("snapshot.jsonl");
        ok("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--db", plant, "--snapshot", "1", "--no-store",
                "--jsonl", fromSnapshot.toString());
        Path fromSigned = dir.resolve("signed.jsonl");
        String sensor = dir.resolve("analyze.db").toString();
        CliRun signed = ok("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--db", sensor, "--baseline",
                approved.toString(), "--trust", trust.toString(), "--jsonl", fromSigned.toString());
        String id = baselineId();
        assertTrue(signed.out().startsWith("baseline " + id + " signed by alice (snapshot 1)"), signed.out());

        List<String> expected = Files.readAllLines(fromSnapshot);
        List<String> actual = Files.readAllLines(fromSigned);
        assertTrue(expected.size() >= 18, "at least the demo's 18 scenarios: " + expected.size());
        assertEquals(expected.size(), actual.size());
        String label = ",\"baseline_id\":\"" + id + "\",\"baseline_signer\":\"alice\"}";
        for (String line : actual) {
            assertTrue(line.endsWith(label), line);
        }
        assertEquals(expected, actual.stream().map(line -> line.substring(0, line.length() - label.length()) + "}")
                .toList());

        try (BaselineStore store = BaselineStore.open(Path.of(sensor))) {
            List<StoredAlert> stored = store.alerts(Optional.empty(), Severity.INFO, 1000);
            assertEquals(expected.size(), stored.size());
            for (StoredAlert alert : stored) {
                assertEquals(id, store.signature(alert.snapshot().getAsLong()).orElseThrow().baselineId());
            }
        }
        CliRun listed = ok("alerts", "--db", sensor, "--format", "jsonl");
        assertEquals(expected.size(), listed.out().lines().filter(line -> line.endsWith(",\"state\":\"new\""
                + label)).count(), "the stored alerts name the signed baseline too: " + listed.out());
        CliRun tampered = CliRun.run("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--db", sensor,
                "--baseline", dir.resolve("missing.otbb").toString(), "--trust", trust.toString());
        assertEquals(ExitCode.INPUT, tampered.exitCode());
        assertEquals(ExitCode.USAGE, CliRun.run("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--db", sensor,
                "--baseline", approved.toString()).exitCode(), "--baseline needs --trust");
    }

    @Test
    void syslogMessagesNameTheSignedBaselineToo() throws Exception {
        String sensor = dir.resolve("syslog.db").toString();
        List<String> messages = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(2_000);
            ok("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--db", sensor, "--no-store", "--baseline",
                    approved.toString(), "--trust", trust.toString(), "--syslog", "127.0.0.1:" + socket.getLocalPort());
            byte[] buffer = new byte[65_535];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                messages.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            }
        }
        assertTrue(messages.size() >= 18, "a message per alert at least: " + messages.size());
        String named = "cs5Label=baselineId cs5=" + baselineId() + " cs6Label=baselineSigner cs6=alice ";
        for (String message : messages) {
            assertTrue(message.contains(named), message);
        }
    }

    @Test
    void signedApprovalsAreChainedVerifiedAndNamedInDiffs() throws Exception {
        String db = dir.resolve("triage.db").toString();
        Files.copy(Path.of(plant), Path.of(db));
        Path attack = dir.resolve("attack.jsonl");
        ok("analyze", DEMO.resolve("demo-attack.pcap").toString(), "--db", db, "--jsonl", attack.toString());
        String newAsset = alertId(attack, "NEW_ASSET");
        String scan = alertId(attack, "SCAN");
        ok("alerts", "approve", newAsset, "--db", db, "--reason", "new HMI, ticket 4711", "--sign",
                keys.resolve("alice.key").toString(), "--by", "alice");
        ok("alerts", "ack", scan, "--db", db, "--reason", "pen test", "--by", "bob");
        ok("alerts", "mute", scan, "--db", db, "--reason", "pen test all week");

        CliRun verified = ok("audit", "verify", "--db", db, "--trust", trust.toString());
        assertTrue(verified.out().contains("entry 2: approve by alice, signed by alice"), verified.out());
        assertTrue(verified.out().contains("audit chain intact, 4 entries, 1 signed"), verified.out());
        CliRun list = ok("audit", "--db", db);
        assertTrue(list.out().contains("carol"), list.out());
        assertFalse(list.out().contains("unknown"), "an action by no one named is the OS login's: " + list.out());

        Path week = dir.resolve("week.otbb");
        ok("baseline", "export", "--db", db, "--sign", keys.resolve("alice.key").toString(), "-o", week.toString());
        for (String[] args : List.of(
                new String[] {"diff", approved.toString(), week.toString(), "--trust", trust.toString(), "--format", "json"},
                new String[] {"diff", "--db", db, "--against", approved.toString(), "--trust", trust.toString(),
                        "--format", "json"})) {
            CliRun diff = CliRun.run(args);
            assertEquals(ExitCode.FINDINGS, diff.exitCode(), diff.err());
            assertTrue(diff.out().contains("\"change\":\"added\",\"subject\":\"10.10.1.99\""), diff.out());
            assertTrue(diff.out().contains("\"approved_by\":[{\"entry\":2,\"who\":\"alice\""), diff.out());
            assertTrue(diff.out().contains("\"reason\":\"new HMI, ticket 4711\",\"signed_by\":\"alice\"}]"), diff.out());
        }
        CliRun markdown = CliRun.run("diff", approved.toString(), week.toString(), "--trust", trust.toString());
        assertTrue(markdown.out().contains("| approved by |"), markdown.out());
        assertTrue(markdown.out().contains("(signed by alice): new HMI, ticket 4711 |"), markdown.out());

        // The audit trail edited behind otb's back with the sqlite3 command line.
        sqlite3(db, "UPDATE audit SET reason = 'routine' WHERE id = 3;");
        CliRun broken = CliRun.run("audit", "verify", "--db", db);
        assertEquals(ExitCode.FINDINGS, broken.exitCode(), broken.out() + broken.err());
        assertEquals(db + ": audit entry 3 was altered: its content does not match its hash\n", broken.out());
        sqlite3(db, "UPDATE audit SET reason = 'pen test' WHERE id = 3; DELETE FROM audit WHERE id = 2;");
        broken = CliRun.run("audit", "verify", "--db", db);
        assertEquals(db + ": audit entry 2 was deleted: entry 3 does not link to entry 1\n", broken.out());
    }

    private static String baselineId() throws IOException {
        for (String line : Files.readAllLines(approved)) {
            if (line.startsWith("baseline-id: ")) {
                return line.substring("baseline-id: ".length());
            }
        }
        throw new AssertionError("no baseline-id");
    }

    private static String alertId(Path jsonl, String kind) throws IOException {
        for (String line : Files.readAllLines(jsonl)) {
            if (line.contains("\"kind\":\"" + kind + "\"")) {
                Matcher id = ALERT_ID.matcher(line);
                assertTrue(id.find());
                return id.group(1);
            }
        }
        throw new AssertionError("no " + kind + " alert");
    }

    /** Runs SQL on the database file with the sqlite3 command line, as someone editing it by hand would. */
    private static void sqlite3(String db, String sql) throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/sqlite3")) || Files.isExecutable(Path.of("/bin/sqlite3"));
        TestEnvironment.requireOrSkip(present ? null : "the sqlite3 command line is not installed");
        Process process = new ProcessBuilder("sqlite3", db, sql).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "sqlite3 finished");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
    }
}
