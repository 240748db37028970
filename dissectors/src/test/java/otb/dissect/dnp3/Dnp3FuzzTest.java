package otb.dissect.dnp3;

import com.code_intelligence.jazzer.junit.FuzzTest;
import otb.dissect.FuzzDeliveries;

/**
 * Coverage-guided fuzzing (Jazzer) of the DNP3 session: any conversation, split anywhere and with
 * gaps, keeps the parser contract, throws nothing and renders every event as one JSON line (see
 * {@link FuzzDeliveries}). Every build runs it in regression mode over the seeds in
 * {@code Dnp3FuzzTestInputs/} (real captures, {@code fuzz/make-seeds.py}, and any crash found since);
 * {@code fuzz/fuzz.sh} fuzzes it, starting from them.
 */
class Dnp3FuzzTest {
    @FuzzTest(maxDuration = "2m")
    void sessionHoldsItsContractOnAnyConversation(byte[] data) {
        FuzzDeliveries.feed(data, new Dnp3Bytes.Feeder());
    }
}
