package otb.baseline.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import otb.baseline.cells.Cells;
import otb.baseline.learn.Learner;
import otb.baseline.model.Baseline;
import otb.baseline.model.SequenceDiscipline;
import otb.baseline.model.SequenceKey;
import otb.capture.CaptureFiles;
import otb.capture.IpAddress;
import otb.capture.PacketSource;
import otb.dissect.Dissection;
import otb.dissect.enip.EnipProtocols;
import org.junit.jupiter.api.Test;

/**
 * The EtherNet/IP sender context of a real client (cip_only.pcap: 192.168.0.65 sends Send RR Data
 * requests to 192.168.0.30 over two connections): it numbers them in the context's first four
 * octets, advancing by 7 from one request to the next, but not strictly (tshark: 4637 of 4671
 * consecutive requests of a connection advance by 7, the others by 4, 5, 8, 10 or 13, as if
 * the counter were shared with other work of the client). That is below the share a kept
 * discipline needs, so otb learns no discipline and raises nothing about this client's contexts.
 */
class SenderContextTest {
    @Test
    void aClientNumberingItsContextsLooselyKeepsNoDiscipline() throws Exception {
        Learner learner = new Learner(Cells.automatic(), new Baseline());
        Dissection dissection = Dissection.withDefaults(learner);
        try (PacketSource source = CaptureFiles.open(Path.of("fixtures/pcaps/enip/cip_only.pcap"))) {
            dissection.process(source);
        }
        dissection.finish();
        SequenceDiscipline context = learner.baseline().sequence(new SequenceKey(IpAddress.parse("192.168.0.65"),
                IpAddress.parse("192.168.0.30"), EnipProtocols.CIP, "sender_context", true));
        assertEquals(32, context.bits());
        assertEquals("7", SequenceDiscipline.stepText(context.step(), 32), context.describe());
        assertTrue(context.pairs() > 4600, context.describe());
        assertFalse(context.kept(), context.describe());
        assertTrue(context.describe().startsWith("no discipline; mostly advances by 7 in "), context.describe());
    }
}
