package otb.dissect.modbus;

import com.code_intelligence.jazzer.junit.FuzzTest;
import otb.dissect.FuzzDeliveries;

/**
 * Coverage-guided fuzzing (Jazzer) of the Modbus/TCP session: any conversation, split anywhere and with
 * gaps, keeps the parser contract, throws nothing and renders every event as one JSON line (see
 * {@link FuzzDeliveries}). Every build runs it in regression mode over the seeds in
 * {@code ModbusFuzzTestInputs/} (real captures, {@code fuzz/make-seeds.py}, and any crash found since);
 * {@code fuzz/fuzz.sh} fuzzes it, starting from them.
 */
class ModbusFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void sessionHoldsItsContractOnAnyConversation(byte[] data) {
        FuzzDeliveries.feed(data, new ModbusFixtures.Feeder());
    }
}
