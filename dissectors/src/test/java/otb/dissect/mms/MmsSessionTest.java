package otb.dissect.mms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static otb.dissect.TestBytes.concat;
import static otb.dissect.mms.MmsBytes.CONCLUDE_REQUEST;
import static otb.dissect.mms.MmsBytes.CONNECTION_CONFIRM;
import static otb.dissect.mms.MmsBytes.CONNECTION_REQUEST;
import static otb.dissect.mms.MmsBytes.IDENTIFY_REQUEST;
import static otb.dissect.mms.MmsBytes.IDENTIFY_RESPONSE;
import static otb.dissect.mms.MmsBytes.INFORMATION_REPORT;
import static otb.dissect.mms.MmsBytes.READ_ERROR;
import static otb.dissect.mms.MmsBytes.READ_REQUEST;
import static otb.dissect.mms.MmsBytes.STOP_REQUEST;
import static otb.dissect.mms.MmsBytes.STOP_RESPONSE;
import static otb.dissect.mms.MmsBytes.bytes;
import static otb.dissect.mms.MmsBytes.dataTpdu;
import static otb.dissect.mms.MmsBytes.dataTpduContinued;
import static otb.dissect.mms.MmsBytes.inPresentation;
import static otb.dissect.mms.MmsBytes.tlv;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import otb.capture.Direction;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.FunctionEffect;
import otb.dissect.MessageRecord;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtMessage;
import otb.dissect.Probe;
import otb.dissect.TestBytes;
import otb.dissect.s7comm.S7Protocols;
import org.junit.jupiter.api.Test;

/** The MMS session: framing, the ISO layers, PDUs, names, pairing by invokeID, bounds, and the probe. */
class MmsSessionTest {

    @Test
    void anIdentifyExchangeInSessionAndPresentationIsPairedByInvokeId() {
        MmsBytes.Feeder feeder = new MmsBytes.Feeder()
                .toServer(dataTpdu(inPresentation(IDENTIFY_REQUEST)))
                .toClient(dataTpdu(inPresentation(IDENTIFY_RESPONSE)));
        List<OtMessage> messages = feeder.messages();
        assertEquals(2, messages.size());
        OtMessage request = messages.get(0);
        assertEquals(2, request.function().getAsInt());
        assertEquals("identify", request.functionName());
        assertEquals(OperationClass.DIAGNOSTIC, request.operation());
        assertEquals(MessageRole.REQUEST, request.role());
        assertEquals(1, request.transactionId().getAsLong());
        OtMessage response = messages.get(1);
        assertEquals("identify", response.functionName());
        assertEquals(MessageRole.RESPONSE, response.role());
        assertEquals(request.frame(), response.requestFrame().getAsLong());
        Map<String, Object> fields = response.detail().fields();
        assertEquals("confirmed_response", fields.get("pdu"));
        assertEquals(1L, fields.get("invoke_id"));
        assertEquals("data_transfer", fields.get("spdu"));
        assertEquals(3L, fields.get("context"));
    }

    @Test
    void aStopStraightInCotpNamesItsProgramInvocationAndStops() {
        MmsBytes.Feeder feeder = new MmsBytes.Feeder().toServer(dataTpdu(STOP_REQUEST)).toClient(dataTpdu(STOP_RESPONSE));
        OtMessage stop = feeder.messages().get(0);
        assertEquals(41, stop.function().getAsInt());
        assertEquals("stop", stop.functionName());
        assertEquals(OperationClass.CONTROL, stop.operation());
        assertEquals(FunctionEffect.STOP, stop.protocol().effect(stop.functionName()));
        assertEquals("R3950243974Application_1", stop.detail().fields().get("program_invocation"));
        assertEquals("none", stop.detail().fields().get("spdu"));
        assertEquals(stop.frame(), feeder.messages().get(1).requestFrame().getAsLong());
        assertTrue(feeder.malformed().isEmpty());
    }

    @Test
    void aReadNamesItsVariablesAndItsErrorTakesTheRequestsService() {
        MmsBytes.Feeder feeder = new MmsBytes.Feeder()
                .toServer(dataTpdu(inPresentation(READ_REQUEST)))
                .toClient(dataTpdu(inPresentation(READ_ERROR)));
        OtMessage read = feeder.messages().get(0);
        assertEquals("read", read.functionName());
        assertEquals(List.of(Map.of("domain", "IED1LD0", "item", "LLN0$ST$Mod$stVal"), Map.of("item", "mu", "scope", "vmd")),
                read.detail().fields().get("variables"));
        assertTrue(read.ranges().isEmpty(), "names are not numbered points");
        OtMessage error = feeder.messages().get(1);
        assertEquals(4, error.function().getAsInt(), "the error PDU names no service: its request's");
        assertEquals(8, error.exceptionCode(), "access (7) + 1");
        assertEquals("access", error.exceptionName());
        assertEquals(2, error.detail().fields().get("error_code"));
        assertEquals(read.frame(), error.requestFrame().getAsLong());
    }

    @Test
    void pdusWithoutAConfirmedServiceAreNamedByWhatTheyAre() {
        MmsBytes.Feeder feeder = new MmsBytes.Feeder()
                .toClient(dataTpdu(inPresentation(INFORMATION_REPORT)))
                .toServer(dataTpdu(CONCLUDE_REQUEST))
                .toClient(dataTpdu(bytes(0x8C, 0x00)));   // conclude-ResponsePDU [12] NULL
        List<OtMessage> messages = feeder.messages();
        assertEquals("information_report", messages.get(0).functionName());
        assertFalse(messages.get(0).function().isPresent());
        assertEquals("RPT1", messages.get(0).detail().fields().getOrDefault("variable_list", "RPT1"));
        assertEquals("conclude", messages.get(1).functionName());
        assertEquals("conclude", messages.get(2).functionName());
        assertEquals(messages.get(1).frame(), messages.get(2).requestFrame().getAsLong());
    }

    @Test
    void connectionTpdusAreMmsLinkRecords() {
        MmsBytes.Feeder feeder = new MmsBytes.Feeder().toServer(CONNECTION_REQUEST).toClient(CONNECTION_CONFIRM);
        assertEquals(List.of("cotp_connection_request", "cotp_connection_confirm"),
                feeder.messages().stream().map(OtMessage::functionName).toList());
        assertEquals(OperationClass.LINK, feeder.messages().get(0).operation());
        assertEquals(MmsProtocol.DESCRIPTOR, feeder.messages().get(0).protocol());
    }

    @Test
    void aTsduOverTwoDataTpdusIsOnePdu() {
        byte[] tsdu = inPresentation(READ_REQUEST);
        byte[] split = concat(dataTpduContinued(Arrays.copyOf(tsdu, 10)),
                dataTpdu(Arrays.copyOfRange(tsdu, 10, tsdu.length)));
        MmsBytes.Feeder feeder = new MmsBytes.Feeder().toServer(split);
        assertEquals(1, feeder.messages().size());
        assertEquals("read", feeder.messages().get(0).functionName());
    }

    /** The whole conversation fed in every chunk size gives the same records. */
    @Test
    void everyChunkSizeGivesTheSameRecords() {
        byte[] client = concat(CONNECTION_REQUEST, dataTpdu(inPresentation(IDENTIFY_REQUEST)),
                dataTpdu(inPresentation(READ_REQUEST)), dataTpdu(STOP_REQUEST), dataTpdu(CONCLUDE_REQUEST));
        List<String> whole = records(new MmsBytes.Feeder().toServer(client));
        assertEquals(5, whole.size());
        for (int size = 1; size <= client.length; size++) {
            assertEquals(whole, records(new MmsBytes.Feeder().chunked(Direction.TO_SERVER, client, size)),
                    "chunks of " + size);
        }
    }

    private static List<String> records(MmsBytes.Feeder feeder) {
        return feeder.messages().stream().map(m -> {
            Map<String, Object> record = new java.util.LinkedHashMap<>(MessageRecord.fields(m));
            record.remove("frame");
            record.remove("ts");
            return record.toString();
        }).toList();
    }

    @Test
    void bytesThatAreNoSessionSpduAreMalformedAndTheStreamGoesOn() {
        MmsBytes.Feeder feeder = new MmsBytes.Feeder()
                .toServer(dataTpdu(bytes(0x63, 0x02, 0x00, 0x00)))                  // SI 99: no SPDU
                .toServer(dataTpdu(bytes(0x0D, 0x7F, 0x05)))                        // connect whose LI overruns the TSDU
                .toServer(bytes(0x03, 0x00, 0x00, 0x03, 0x02, 0xF0, 0x80))         // TPKT length 3: resynchronised
                .toServer(dataTpdu(STOP_REQUEST));
        // the resynchronisation keeps the last three octets of a delivery (a header could start there): two skips
        assertEquals(List.of("unknown_spdu", "spdu_length_exceeds_tsdu", "bad_tpkt_header", "bad_tpkt_header"),
                feeder.malformed().stream().map(m -> m.reason()).toList());
        assertEquals("stop", feeder.messages().get(0).functionName());
    }

    @Test
    void berLengthsThatOverrunTheirElementAreAnomaliesNotExceptions() {
        MmsBytes.Feeder feeder = new MmsBytes.Feeder()
                .toServer(dataTpdu(bytes(0xA0, 0x05, 0x02, 0x09, 0x01)))            // invokeID length 9 in 3 octets
                .toServer(dataTpdu(bytes(0xA0, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00)))  // indefinite length
                .toServer(dataTpdu(bytes(0xA0, 0x84, 0xFF, 0xFF, 0xFF, 0xFF)))      // a length of 4 GB
                .toServer(dataTpdu(bytes(0xA0, 0x03, 0x02, 0x01, 0x05)));            // a request with no service
        assertEquals(List.of("ber_truncated", "ber_indefinite_length", "ber_truncated"),
                feeder.malformed().stream().map(m -> m.reason()).toList());
        assertEquals(List.of("missing_service"), feeder.messages().get(0).anomalies());
    }

    @Test
    void pendingRequestsStayWithinTheirBound() {
        DissectorConfig config = new DissectorConfig(Map.of(), 2, 1_000_000_000L, 4096, 8, 4096);
        MmsBytes.Feeder feeder = new MmsBytes.Feeder(config);
        for (int invoke = 1; invoke <= 5; invoke++) {
            feeder.toServer(dataTpdu(tlv(0xA0, tlv(0x02, bytes(invoke)), bytes(0x82, 0x00))));
        }
        assertEquals(2, feeder.session.pendingCount());
        feeder.toClient(dataTpdu(tlv(0xA1, tlv(0x02, bytes(1)), bytes(0x82, 0x00))));
        assertFalse(feeder.messages().get(5).requestFrame().isPresent(), "invokeID 1 was forgotten, oldest first");
        feeder.toClient(dataTpdu(tlv(0xA1, tlv(0x02, bytes(5)), bytes(0x82, 0x00))));
        assertTrue(feeder.messages().get(6).requestFrame().isPresent());
        feeder.session.tick(Long.MAX_VALUE / 2, e -> { });
        assertEquals(0, feeder.session.pendingCount(), "timed out by capture time");
    }

    @Test
    void theProbeWaitsPastTheConnectionForTheFirstDataTpdu() {
        MmsDissector mms = new MmsDissector();
        assertEquals(Probe.NEED_MORE, probe(mms, CONNECTION_REQUEST, true));
        assertEquals(Probe.MATCH, probe(mms, concat(CONNECTION_REQUEST, dataTpdu(STOP_REQUEST)), true));
        assertEquals(Probe.MATCH, probe(mms, dataTpdu(inPresentation(IDENTIFY_REQUEST)), true));
        // S7comm setup communication (protocol id 0x32) after the CR is S7's
        byte[] s7 = dataTpdu(TestBytes.hex("32 01 0000 0000 0008 0000 f0 00 0001 0001 01e0"));
        assertEquals(Probe.NO_MATCH, probe(mms, concat(CONNECTION_REQUEST, s7), true));
        assertEquals(Probe.MATCH, probe(new otb.dissect.s7comm.S7Dissector(), concat(CONNECTION_REQUEST, s7), true));
        // away from port 102 only a session connect is taken
        assertEquals(Probe.NO_MATCH, probe(mms, dataTpdu(STOP_REQUEST), false));
        byte[] connect = dataTpdu(concat(bytes(0x0D, 0x02, 0x14, 0x00)));
        assertEquals(Probe.MATCH, probe(mms, connect, false));
        assertEquals(Probe.NO_MATCH, mms.probe(ByteBuffer.wrap(connect), Direction.TO_SERVER, Transport.UDP, true));
        assertTrue(S7Protocols.S7COMM.isHintPort(Transport.TCP, 102) && MmsProtocol.DESCRIPTOR.isHintPort(Transport.TCP, 102));
    }

    private static Probe probe(otb.dissect.ProtocolDissector dissector, byte[] bytes, boolean hinted) {
        return dissector.probe(ByteBuffer.wrap(bytes), Direction.TO_SERVER, Transport.TCP, hinted);
    }
}
