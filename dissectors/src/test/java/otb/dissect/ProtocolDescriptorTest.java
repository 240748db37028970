package otb.dissect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import otb.capture.CaptureException;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import otb.capture.Transport;
import otb.dissect.dnp3.Dnp3Protocol;
import otb.dissect.enip.EnipProtocols;
import otb.dissect.iec104.Iec104Protocol;
import otb.dissect.mms.MmsProtocol;
import otb.dissect.modbus.ModbusProtocol;
import otb.dissect.s7comm.S7Protocols;
import org.junit.jupiter.api.Test;

/** The registry of protocol descriptors, and what each shipped dissector's descriptor says. */
class ProtocolDescriptorTest {
    private static final Path PCAPS = Path.of("fixtures/pcaps");

    @Test
    void theShippedDissectorsRegisterTheirProtocolsInProbeOrder() {
        assertEquals(List.of("modbus", "dnp3", "mms", "s7comm", "s7comm-plus", "iec104", "enip", "cip", "goose",
                        "pn-dcp", "lldp"),
                Protocols.all().stream().map(Protocol::wireName).toList());
        assertEquals(9, Dissectors.all().size());
        assertSame(S7Protocols.S7COMM_PLUS, Protocols.named("s7comm-plus").orElseThrow());
        assertSame(S7Protocols.S7COMM_PLUS, Protocols.named("S7COMM_PLUS").orElseThrow(),
                "databases written before the descriptors store the enum's name");
        assertTrue(Protocols.named("modbuss").isEmpty());
        assertEquals("modbus, dnp3, mms, s7comm, s7comm-plus, iec104, enip, cip, goose, pn-dcp, lldp",
                Protocols.wireNames());
        assertEquals("Modbus/TCP, DNP3, MMS (IEC 61850), S7comm, S7comm-plus, IEC 60870-5-104, EtherNet/IP, CIP, "
                + "IEC 61850 GOOSE, PROFINET DCP and LLDP", Protocols.labels());
    }

    @Test
    void eachDissectorGetsNewInstancesForEachPipeline() {
        assertFalse(Dissectors.all().get(0) == Dissectors.all().get(0));
    }

    @Test
    void hintPortsAreTheRegisteredOnes() {
        assertEquals(ModbusProtocol.DESCRIPTOR, Protocols.hintedBy(Transport.TCP, 502).orElseThrow());
        assertEquals(Dnp3Protocol.DESCRIPTOR, Protocols.hintedBy(Transport.UDP, 20000).orElseThrow());
        // MMS and S7 share ISO-on-TCP's port; MMS probes first, and the content decides
        assertEquals(MmsProtocol.DESCRIPTOR, Protocols.hintedBy(Transport.TCP, 102).orElseThrow());
        assertTrue(S7Protocols.S7COMM.isHintPort(Transport.TCP, 102));
        assertTrue(Protocols.hintedBy(Transport.UDP, 102).isEmpty(), "ISO-on-TCP is TCP only");
        assertEquals(Iec104Protocol.DESCRIPTOR, Protocols.hintedBy(Transport.TCP, 2404).orElseThrow());
        assertTrue(Protocols.hintedBy(Transport.UDP, 2404).isEmpty(), "IEC 104 is TCP only");
        assertEquals(EnipProtocols.ENIP, Protocols.hintedBy(Transport.TCP, 44818).orElseThrow());
        assertEquals(EnipProtocols.ENIP, Protocols.hintedBy(Transport.UDP, 2222).orElseThrow());
    }

    @Test
    void rolesNameEachSideInTheProtocolsOwnWords() {
        assertEquals("modbus_client", ModbusProtocol.DESCRIPTOR.clientRole());
        assertEquals("dnp3_outstation", Dnp3Protocol.DESCRIPTOR.serverRole());
        assertEquals("s7_plc", S7Protocols.S7COMM_PLUS.serverRole());
        assertEquals("iec104_controlled_station", Iec104Protocol.DESCRIPTOR.serverRole());
        assertEquals("mms_server", MmsProtocol.DESCRIPTOR.serverRole());
    }

    /**
     * The functions that change what a controller runs, or whether it runs, as each dissector
     * decides them: restarts and application start/stop for DNP3 (IEEE 1815 clause 4, codes
     * 13, 14, 17, 18); block transfer, PI services, PLC stop and memory reset for S7comm.
     */
    @Test
    void effectsAreDecidedByTheDissectorThatKnowsTheProtocol() {
        Map<String, FunctionEffect> dnp3 = effects(Dnp3Protocol.DESCRIPTOR);
        assertEquals(Map.of("cold_restart", FunctionEffect.RESTART, "warm_restart", FunctionEffect.RESTART,
                "start_application", FunctionEffect.START, "stop_application", FunctionEffect.STOP), dnp3);
        assertEquals(FunctionEffect.NONE, Dnp3Protocol.DESCRIPTOR.effect("reset_link_states"),
                "a link reset restarts no application");
        assertEquals(Map.of(), effects(ModbusProtocol.DESCRIPTOR));
        Protocol s7 = S7Protocols.S7COMM;
        assertEquals(FunctionEffect.STOP, s7.effect("plc_stop"));
        assertEquals(FunctionEffect.START_OR_STOP, s7.effect("pi_service"));
        assertEquals(FunctionEffect.PROGRAM_DOWNLOAD, s7.effect("download_block"));
        assertEquals(FunctionEffect.PROGRAM_UPLOAD, s7.effect("start_upload"));
        assertEquals(FunctionEffect.MEMORY_RESET, s7.effect("memory_reset"));
        assertEquals(FunctionEffect.PROGRAM_CHANGE, s7.effect("programmer_commands_subfunction_0x1f"));
        assertEquals(FunctionEffect.NONE, s7.effect("read_var"));
        assertEquals(FunctionEffect.NONE, s7.effect("read_szl"));
        assertEquals(FunctionEffect.NONE, s7.effect("no_such_function"));
        assertEquals(Map.of(), effects(S7Protocols.S7COMM_PLUS));
        assertEquals(Map.of("c_rp_na_1", FunctionEffect.RESTART), effects(Iec104Protocol.DESCRIPTOR),
                "reset process (IEC 60870-5-101 clause 7.3.4.6) restarts the controlled station's process");
        assertEquals(Map.of(), effects(EnipProtocols.ENIP));
        Protocol cip = EnipProtocols.CIP;
        assertEquals(FunctionEffect.START, cip.effect("start"));
        assertEquals(FunctionEffect.STOP, cip.effect("stop"));
        assertEquals(FunctionEffect.RESTART, cip.effect("reset_device"), "Reset of the Identity object");
        assertEquals(FunctionEffect.NONE, cip.effect("reset"));
        assertEquals(FunctionEffect.START_OR_STOP, cip.effect("controller_service_0x4c"));
        assertEquals(FunctionEffect.NONE, cip.effect("read_tag"));
        assertEquals(FunctionEffect.NONE, cip.effect("set_attribute_single"));
        Map<String, FunctionEffect> mms = effects(MmsProtocol.DESCRIPTOR);
        assertEquals(FunctionEffect.STOP, mms.get("stop"), "ISO 9506-1 clause 12: stop and kill stop a program invocation");
        assertEquals(FunctionEffect.STOP, mms.get("kill"));
        assertEquals(FunctionEffect.START, mms.get("start"));
        assertEquals(FunctionEffect.START, mms.get("resume"));
        assertEquals(FunctionEffect.RESTART, mms.get("reset"));
        assertEquals(FunctionEffect.PROGRAM_DOWNLOAD, mms.get("initiate_download_sequence"));
        assertEquals(FunctionEffect.PROGRAM_DOWNLOAD, mms.get("download_segment"));
        assertEquals(FunctionEffect.PROGRAM_UPLOAD, mms.get("terminate_upload_sequence"));
        assertEquals(FunctionEffect.PROGRAM_CHANGE, mms.get("delete_program_invocation"));
        assertEquals(FunctionEffect.PROGRAM_CHANGE, mms.get("delete_domain"));
        assertEquals(null, mms.get("read"));
        assertEquals(null, mms.get("write"));
        assertEquals(OperationClass.WRITE, MmsProtocol.DESCRIPTOR.functions().get("define_named_variable_list").operation());
        assertEquals(OperationClass.READ, MmsProtocol.DESCRIPTOR.functions().get("get_name_list").operation());
    }

    /** Every function name a real capture's messages carry is one its protocol's descriptor lists. */
    @Test
    void descriptorsListEveryFunctionTheirSessionsName() throws IOException, CaptureException {
        Map<String, TreeSet<String>> unlisted = new TreeMap<>();
        int[] counted = {0};
        List<Path> captures = new ArrayList<>();
        for (String folder : List.of("modbus", "dnp3", "s7comm", "enip", "iec61850")) {
            try (Stream<Path> files = Files.list(PCAPS.resolve(folder))) {
                files.sorted().forEach(captures::add);
            }
        }
        captures.add(PCAPS.resolve("other/TestDissectIec104.pcap"));
        captures.add(PCAPS.resolve("other/090813_diverse.pcap"));
        for (Path capture : captures) {
            String file = capture.getFileName().toString();
            Dissection dissection = Dissection.withDefaults(event -> {
                if (event instanceof OtMessage message) {
                    counted[0]++;
                    if (!message.protocol().functions().containsKey(message.functionName())) {
                        unlisted.computeIfAbsent(message.protocol().wireName(), p -> new TreeSet<>())
                                .add(message.functionName() + " (" + file + ")");
                    }
                }
            });
            try (PacketSource source = CaptureFiles.open(capture)) {
                dissection.process(source);
            }
            dissection.finish();
        }
        int messages = counted[0];
        assertTrue(messages > 25_000, "the captures carry " + messages + " messages");
        assertEquals(Map.of(), unlisted);
    }

    @Test
    void aDescriptorRefusesNamesAndColoursThatOutputsCouldNotCarry() {
        assertThrows(IllegalArgumentException.class, () -> Protocol.builder("Modbus TCP", "x", "#000000")
                .roles("a", "b").build());
        assertThrows(IllegalArgumentException.class, () -> Protocol.builder("x", "x", "blue").roles("a", "b").build());
        assertThrows(IllegalArgumentException.class, () -> new HintPort(Transport.TCP, 0));
    }

    private static Map<String, FunctionEffect> effects(Protocol protocol) {
        Map<String, FunctionEffect> effects = new TreeMap<>();
        protocol.functions().forEach((name, function) -> {
            if (function.effect() != FunctionEffect.NONE) {
                effects.put(name, function.effect());
            }
        });
        return effects;
    }
}
