package otb.dissect.s7comm;

import com.code_intelligence.jazzer.junit.FuzzTest;
import otb.dissect.FuzzDeliveries;

/**
 * Coverage-guided fuzzing (Jazzer) of the S7comm session: any conversation, split anywhere and with
 * gaps, keeps the parser contract, throws nothing and renders every event as one JSON line (see
 * {@link FuzzDeliveries}). Every build runs it in regression mode over the seeds in
 * {@code S7FuzzTestInputs/} (real captures, {@code fuzz/make-seeds.py}, and any crash found since);
 * {@code fuzz/fuzz.sh} fuzzes it, starting from them.
 */
class S7FuzzTest {
    @FuzzTest(maxDuration = "2m")
    void sessionHoldsItsContractOnAnyConversation(byte[] data) {
        FuzzDeliveries.feed(data, new S7Fixtures.Feeder());
    }
}
