package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code --max-flows}, the capture engine's flow budget, on a real capture: modbus_test.pcap holds
 * five Modbus/TCP connections open at once (2,258 messages). Past the budget the least recently
 * active flow is ended and its next packet starts a new flow (README "Budgets"): no message is
 * lost, but a response whose request was read in the ended flow is no longer paired.
 */
class MaxFlowsTest {
    private static final String CAPTURE = "fixtures/pcaps/modbus/modbus_test.pcap";

    @Test
    void aBudgetThatHoldsEveryFlowChangesNothing() {
        CliRun whole = CliRun.run("dissect", "--format", "jsonl", "-q", CAPTURE);
        CliRun five = CliRun.run("dissect", "--format", "jsonl", "-q", "--max-flows", "5", CAPTURE);
        assertEquals(0, whole.exitCode(), whole.toString());
        assertEquals(whole.out(), five.out());
    }

    @Test
    void pastTheBudgetFlowsAreEndedAndRestartedLosingTheirPairing() {
        CliRun whole = CliRun.run("dissect", "--format", "jsonl", "-q", CAPTURE);
        CliRun one = CliRun.run("dissect", "--format", "jsonl", "-q", "--max-flows", "1", CAPTURE);
        assertEquals(0, one.exitCode(), one.toString());
        assertEquals(whole.out().lines().count(), one.out().lines().count(), "every message is still read");
        long unpairedWhole = whole.out().lines().filter(l -> l.contains("\"unpaired_response\"")).count();
        long unpairedOne = one.out().lines().filter(l -> l.contains("\"unpaired_response\"")).count();
        assertTrue(unpairedOne > unpairedWhole + 100,
                "responses lose their request when their flow was evicted: " + unpairedWhole + " -> " + unpairedOne);
    }

    @Test
    void aBudgetOutsideOneToAHundredMillionIsAUsageError() {
        for (String value : new String[] {"0", "-3", "100000001"}) {
            CliRun run = CliRun.run("dissect", "--max-flows", value, CAPTURE);
            assertEquals(2, run.exitCode(), value + ": " + run);
            assertTrue(run.err().contains("--max-flows " + value + ": a budget is at least 1 and at most 100000000"),
                    run.err());
            assertFalse(run.err().contains("Exception"), run.err());
        }
        CliRun learn = CliRun.run("learn", "--max-flows", "0", CAPTURE, "--db", "/nonexistent/never.db");
        assertEquals(2, learn.exitCode(), learn.toString());
    }
}
