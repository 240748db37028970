package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import otb.baseline.store.AuditEntry;
import otb.baseline.store.BaselineStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who triaged an alert and why: {@code --by}, else the OS login name; approve refuses an empty reason. */
class TriageAttributionTest {
    @TempDir
    Path dir;

    String db;
    List<String> ids;

    @BeforeEach
    void alerts() {
        db = dir.resolve("plant.db").toString();
        assertEquals(ExitCode.OK, CliRun.run("learn", "fixtures/pcaps/modbus/ModbusTCP.pcap", "--db", db, "-q").exitCode());
        CliRun analyze = CliRun.run("analyze", "fixtures/pcaps/modbus/modbus_test.pcap", "--db", db, "-q");
        assertEquals(ExitCode.OK, analyze.exitCode(), analyze.err());
        ids = CliRun.run("alerts", "--db", db, "--format", "jsonl").out().lines()
                .map(l -> l.replaceAll("^\\{\"id\":\"([0-9a-f]+)\".*", "$1")).toList();
        assertTrue(ids.size() >= 3, ids.toString());
    }

    /** The audit trail's triage entries (the learn before them is recorded too). */
    private List<AuditEntry> audit() throws Exception {
        try (BaselineStore store = BaselineStore.open(Path.of(db))) {
            return store.audit().stream().filter(entry -> !entry.action().equals("learn")).toList();
        }
    }

    @Test
    void approveRefusesAnEmptyReasonAndChangesNothing() throws Exception {
        for (String reason : List.of("", "   ")) {
            CliRun run = CliRun.run("alerts", "approve", ids.get(0), "--db", db, "--reason", reason);
            assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
            assertTrue(run.oneErrorLine() && run.err().contains("needs --reason"), run.err());
        }
        assertEquals(List.of(), audit());
        assertTrue(CliRun.run("alerts", "--db", db, "show", ids.get(0)).out().contains("state         new"));
    }

    @Test
    void whoDefaultsToTheLoginNameAndIsRecordedWithTheReason() throws Exception {
        String login = System.getProperty("user.name");
        CliRun approve = CliRun.run("alerts", "approve", ids.get(0), "--db", db, "--reason", "new HMI, ticket 4711");
        assertEquals(ExitCode.OK, approve.exitCode(), approve.err());
        assertTrue(approve.out().contains("approved by " + login), approve.out());
        CliRun mute = CliRun.run("alerts", "mute", ids.get(1), "--db", db, "--by", "jdoe", "--reason", "test bench");
        assertEquals(ExitCode.OK, mute.exitCode(), mute.err());
        // --db given to 'otb alerts' before the subcommand is the subcommand's database too
        CliRun ack = CliRun.run("alerts", "--db", db, "ack", ids.get(2));
        assertEquals(ExitCode.OK, ack.exitCode(), ack.err());

        List<AuditEntry> audit = audit();
        assertEquals(3, audit.size(), audit.toString());
        assertEquals(List.of(login, "jdoe", login), audit.stream().map(AuditEntry::who).toList());
        assertEquals(List.of("approve", "mute", "acknowledge"), audit.stream().map(AuditEntry::action).toList());
        assertEquals(List.of("new HMI, ticket 4711", "test bench", ""), audit.stream().map(AuditEntry::reason).toList());
        assertTrue(audit.stream().noneMatch(e -> e.who().equals("unknown")));

        CliRun show = CliRun.run("alerts", "--db", db, "show", ids.get(0));
        assertTrue(show.out().contains("approve by " + login + ": new HMI, ticket 4711 (snapshot 2)"), show.out());
    }

    @Test
    void anEmptyByIsRefused() {
        CliRun run = CliRun.run("alerts", "ack", ids.get(0), "--db", db, "--by", " ");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.oneErrorLine(), run.err());
    }
}
