package otb.dissect.pndcp;

import com.code_intelligence.jazzer.junit.FuzzTest;
import otb.capture.Flow;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.FuzzDeliveries;
import otb.dissect.SessionFeeder;

/**
 * Coverage-guided fuzzing (Jazzer) of the PnDcpSession: any sequence of PROFINET DCP frames (after the EtherType: FrameID, DCP header and blocks), each a frame of a
 * layer-2 flow, keeps the parser contract, throws nothing and renders every event as one JSON
 * line (see {@link FuzzDeliveries}). Every build runs it in regression mode over the seeds in
 * {@code PnDcpFuzzTestInputs/} (frames of the project's real captures, {@code fuzz/make-seeds.py});
 * {@code fuzz/fuzz.sh} fuzzes it, starting from them.
 */
class PnDcpFuzzTest {
    private static final Flow FLOW = new Flow(1, 0, Transport.ETHERNET, IpAddress.mac(0x0050_C24F_A001L), 0x8892,
            IpAddress.mac(0x010E_CF00_0000L), 0x8892, 0x0050_C24F_A001L, 0x010E_CF00_0000L, 0, false);

    static final class Feeder extends SessionFeeder<PnDcpSession, Feeder> {
        Feeder() {
            super(new PnDcpSession(), FLOW);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void sessionHoldsItsContractOnAnyConversation(byte[] data) {
        FuzzDeliveries.feed(data, new Feeder());
    }
}
