package otb.dissect.iec104;

import com.code_intelligence.jazzer.junit.FuzzTest;
import otb.dissect.FuzzDeliveries;

/**
 * Coverage-guided fuzzing (Jazzer) of the IEC 60870 5 104 session: any conversation, split anywhere and with
 * gaps, keeps the parser contract, throws nothing and renders every event as one JSON line (see
 * {@link FuzzDeliveries}). Every build runs it in regression mode over the seeds in
 * {@code Iec104FuzzTestInputs/} (real captures, {@code fuzz/make-seeds.py}, and any crash found since);
 * {@code fuzz/fuzz.sh} fuzzes it, starting from them.
 */
class Iec104FuzzTest {
    @FuzzTest(maxDuration = "2m")
    void sessionHoldsItsContractOnAnyConversation(byte[] data) {
        FuzzDeliveries.feed(data, new Iec104Bytes.Feeder());
    }
}
