package otb.baseline.learn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import otb.baseline.cells.Cells;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.BaselineCodec;
import otb.baseline.model.BaselineLimits;
import otb.baseline.model.IpConversation;
import otb.baseline.model.IpConversationKey;
import otb.capture.CaptureFiles;
import otb.capture.IpAddress;
import otb.capture.PacketSource;
import otb.capture.Transport;
import otb.dissect.Dissection;
import org.junit.jupiter.api.Test;

/**
 * Learning real captures with layer-2 traffic and traffic otb does not dissect: GOOSE publishers,
 * PROFINET devices and LLDP stations become assets by MAC with their roles and identity, and every
 * conversation keeps the frames, bytes and last frame Wireshark counts (wrapup's C37.118
 * conversation: fixtures/golden/capture/conversations/wrapup.tsv), through the snapshot codec too.
 */
class Layer2LearningTest {

    static Baseline learn(String... captures) throws Exception {
        Learner learner = new Learner(Cells.automatic(), new Baseline());
        for (String capture : captures) {
            Dissection dissection = Dissection.withDefaults(learner);
            try (PacketSource source = CaptureFiles.open(Path.of("fixtures/pcaps").resolve(capture))) {
                dissection.process(source);
            }
            dissection.finish();
        }
        return learner.baseline();
    }

    @Test
    void layer2DevicesAreAssetsByMacAndConversationsCountWhatWiresharkCounts() throws Exception {
        Baseline learned = learn("iec61850/Sample_File_GOOSE.pcap", "iec61850/GOOSE_DEMO.pcap",
                "profinet/ChangeIPUsingDCP.pcap", "other/wrapup.pcapng");
        Baseline baseline = BaselineCodec.decode(BaselineCodec.encode(learned), BaselineLimits.defaults());

        Asset publisher = baseline.asset(IpAddress.parse("0a:bb:fe:10:c9:02"));
        assertNotNull(publisher);
        assertEquals("layer2", publisher.cell(), "untagged (priority tag 0): the automatic layer-2 cell");
        assertEquals(List.of("goose_publisher"), List.copyOf(publisher.roles()));
        assertEquals(List.of(0x0ABB_FE10_C902L), publisher.macs());
        assertEquals("vlan-10", baseline.asset(IpAddress.parse("00:17:a4:dd:98:1e")).cell());
        assertNull(baseline.asset(IpAddress.parse("01:0c:cd:01:00:00")), "a group address is no asset");

        Asset device = baseline.asset(IpAddress.parse("08:00:06:93:cf:32"));
        assertEquals("X208-BORD", device.identity().get("name_of_station"));
        assertEquals("192.168.0.6", device.identity().get("ip_address"));
        assertEquals("VJTI-PC3", baseline.asset(IpAddress.parse("74:da:38:a8:83:79")).identity().get("system_name"));

        IpConversation goose = baseline.ipConversation(new IpConversationKey(IpAddress.parse("0a:bb:fe:10:c9:02"),
                IpAddress.parse("01:0c:cd:01:00:00"), Transport.ETHERNET, 0x88B8));
        assertEquals("goose", goose.service());

        // tcp 192.168.0.101:5966 <-> 192.168.0.17:4712 (C37.118, not dissected): 2786 frames and 150528
        // bytes from .101, 5564 and 635020 from .17, last frame 1532935867.639656 (tshark).
        IpConversation synchrophasor = baseline.ipConversation(new IpConversationKey(
                IpAddress.parse("192.168.0.101"), IpAddress.parse("192.168.0.17"), Transport.TCP, 4712));
        assertEquals(2786, synchrophasor.framesToServer());
        assertEquals(150528, synchrophasor.bytesToServer());
        assertEquals(5564, synchrophasor.framesToClient());
        assertEquals(635020, synchrophasor.bytesToClient());
        assertEquals(1532935867_639656000L, synchrophasor.lastSeenNanos());
        assertTrue(synchrophasor.lastSeenNanos() - synchrophasor.firstSeenNanos() > 112_000_000_000L,
                "the learned span is the conversation's, not its first packet's");
        assertEquals(1532935867_639656000L, baseline.asset(IpAddress.parse("192.168.0.17")).lastSeenNanos());
    }
}
