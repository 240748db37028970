package otb.dissect.s7comm;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import otb.capture.Direction;
import otb.dissect.DissectorConfig;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.ParseStatus;
import otb.dissect.PendingByKey;
import otb.dissect.ProtocolSession;
import otb.dissect.StreamContext;
import otb.dissect.cotp.Cotp;
import otb.dissect.cotp.CotpStream;
import otb.dissect.s7comm.S7Pdu.BlockControl;
import otb.dissect.s7comm.S7Pdu.DataItem;
import otb.dissect.s7comm.S7Pdu.OtherFunction;
import otb.dissect.s7comm.S7Pdu.Parameters;
import otb.dissect.s7comm.S7Pdu.PiService;
import otb.dissect.s7comm.S7Pdu.SetupCommunication;
import otb.dissect.s7comm.S7Pdu.Userdata;
import otb.dissect.s7comm.S7Pdu.VariableItem;
import otb.dissect.s7comm.S7Pdu.VariableRequest;
import otb.dissect.s7comm.S7Pdu.VariableResponse;

/**
 * One TCP connection to an S7 PLC: turns the S7comm and S7comm-plus PDUs in the TSDUs its
 * {@link CotpStream} assembles into messages, pairing responses with requests by PDU reference (sequence number for S7comm-plus).
 */
final class S7Session implements ProtocolSession, CotpStream.Receiver {
    /** Keys of pending requests: job by PDU reference, userdata and S7comm-plus in their own ranges. */
    private static final int USERDATA_KEYS = 0x1_0000;
    /** The counter of the client's job and userdata requests (see {@link otb.dissect.SequenceNumber}). */
    private static final String PDU_REFERENCE = "pdu_reference";
    private static final int PLUS_KEYS = 0x2_0000;

    private final DissectorConfig config;
    private final CotpStream cotp;
    private final StreamState toServer = new StreamState();
    private final StreamState toClient = new StreamState();
    private final PendingByKey<Integer, Pending> pending;
    private Optional<S7Detail.Endpoint> endpoint = Optional.empty();

    S7Session(DissectorConfig config) {
        this.config = config;
        this.pending = new PendingByKey<>(config, Pending::timestampNanos);
        this.cotp = new CotpStream(S7Protocols.S7COMM, config.maxFragmentBytes(), this);
    }

    /** A request waiting for its response. */
    private record Pending(long frame, long timestampNanos, OptionalInt function, OperationClass operation,
                           List<VariableItem> items) {
    }

    /** What one direction carries from one S7 PDU to the next (the TSDUs themselves are the {@link CotpStream}'s). */
    private static final class StreamState {
        boolean plusContinuation;
        byte[] userdata = new byte[0];
        int userdataBytes;
        int userdataReference = -1;

        void reset() {
            plusContinuation = false;
            userdataBytes = 0;
            userdataReference = -1;
        }
    }

    @Override
    public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        return cotp.parse(in, context, out);
    }

    @Override
    public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
        cotp.gap(context.direction());
    }

    @Override
    public void tick(long nowNanos, Consumer<? super OtEvent> out) {
        pending.expire(nowNanos);
    }

    @Override
    public void close(long nowNanos, Consumer<? super OtEvent> out) {
        pending.clear();
        cotp.close();
    }

    @Override
    public void directionLost(Direction direction) {
        state(direction).reset();
    }

    /** CR, CC, DR, DC, ER: link-level messages; the connection request names rack and slot. */
    @Override
    public void connection(Cotp.Tpdu tpdu, StreamContext context, Consumer<? super OtEvent> out) {
        OtMessage.Builder message = OtMessage.builder(context, S7Protocols.S7COMM,
                context.direction() == Direction.TO_SERVER ? MessageRole.REQUEST : MessageRole.RESPONSE);
        S7Detail.Cotp detail;
        if (tpdu instanceof Cotp.Connect connect) {
            Cotp.Tsap plc = connect.called() != null ? connect.called() : connect.calling();
            if (plc != null && plc.isRackSlot()) {
                endpoint = Optional.of(new S7Detail.Endpoint(plc.rack(), plc.slot(),
                        S7Names.connectionType(plc.connectionType())));
            }
            String text = plc == null ? "" : plc.text();
            detail = new S7Detail.Cotp(connect.confirm() ? "CC" : "CR", hex(connect.calling()), hex(connect.called()),
                    text, endpoint, 0);
            message.noFunction(connect.confirm() ? "cotp_connection_confirm" : "cotp_connection_request",
                    OperationClass.LINK);
        } else if (tpdu instanceof Cotp.Disconnect disconnect) {
            detail = new S7Detail.Cotp(disconnect.confirm() ? "DC" : "DR", "", "", "", endpoint, disconnect.reason());
            message.noFunction(disconnect.confirm() ? "cotp_disconnect_confirm" : "cotp_disconnect_request",
                    OperationClass.LINK);
        } else if (tpdu instanceof Cotp.Error error) {
            detail = new S7Detail.Cotp("ER", "", "", "", endpoint, error.rejectCause());
            message.noFunction("cotp_error", OperationClass.LINK).anomaly("cotp_error");
        } else {
            int code = tpdu instanceof Cotp.Other other ? other.code() : 0;
            detail = new S7Detail.Cotp(String.format("0x%02x", code), "", "", "", endpoint, 0);
            message.noFunction("cotp_other", OperationClass.LINK).anomaly("unexpected_tpdu_type");
        }
        out.accept(message.detail(detail).build());
    }

    private static String hex(Cotp.Tsap tsap) {
        return tsap == null ? "" : tsap.hex();
    }

    /** A complete COTP user data unit (ISO 8073 13.7, up to EOT): S7comm, S7comm-plus, or something else. */
    @Override
    public void tsdu(ByteBuffer in, int offset, int length, StreamContext context, Consumer<? super OtEvent> out) {
        if (length == 0) {
            return;
        }
        StreamState state = state(context.direction());
        int protocolId = in.get(offset) & 0xFF;
        if (protocolId == S7Parser.PROTOCOL_ID) {
            Optional<S7Pdu> pdu = S7Parser.parse(in, offset, length);
            if (pdu.isEmpty()) {
                out.accept(context.malformed(S7Protocols.S7COMM, "truncated_s7_header", length));
            } else {
                s7(pdu.get(), in, state, context, out);
            }
        } else if (protocolId == S7PlusParser.PROTOCOL_ID) {
            plus(in, offset, length, state, context, out);
        } else {
            out.accept(OtMessage.builder(context, S7Protocols.S7COMM, role(context))
                    .noFunction("cotp_data", OperationClass.OTHER).anomaly("unknown_payload_protocol")
                    .detail(new S7Detail.Cotp("DT", "", "", "", endpoint, 0)).build());
        }
    }

    private static MessageRole role(StreamContext context) {
        return context.direction() == Direction.TO_SERVER ? MessageRole.REQUEST : MessageRole.RESPONSE;
    }

    private void s7(S7Pdu pdu, ByteBuffer in, StreamState state, StreamContext context,
                    Consumer<? super OtEvent> out) {
        S7Pdu.Header header = pdu.header();
        switch (header.rosctr()) {
            case S7Names.ROSCTR_JOB -> job(pdu, in, context, out);
            case S7Names.ROSCTR_ACK, S7Names.ROSCTR_ACK_DATA -> acknowledgement(pdu, in, context, out);
            case S7Names.ROSCTR_USERDATA -> userdata(pdu, in, state, context, out);
            default -> {
                OtMessage.Builder message = OtMessage.builder(context, S7Protocols.S7COMM, role(context))
                        .noFunction(S7Names.rosctr(header.rosctr()), OperationClass.OTHER)
                        .transactionId(header.pduReference());
                pdu.anomalies().forEach(message::anomaly);
                out.accept(message.detail(pduDetail(header, Optional.empty(), List.of(), List.of(), Map.of())).build());
            }
        }
    }

    private void job(S7Pdu pdu, ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        S7Pdu.Header header = pdu.header();
        OtMessage.Builder message = OtMessage.builder(context, S7Protocols.S7COMM, MessageRole.REQUEST)
                .transactionId(header.pduReference())
                // the client numbers its PDUs; the acknowledgement echoes the reference
                .sequence(PDU_REFERENCE, 0, header.pduReference(), 16, 1);
        Parameters parameters = pdu.parameters();
        List<VariableItem> items = List.of();
        List<Integer> returnCodes = List.of();
        Map<String, Object> fields = new LinkedHashMap<>();
        String service = "";
        if (parameters instanceof VariableRequest request) {
            items = request.items();
            S7Points.addRanges(message, items);
            returnCodes = returnCodes(request.data());
            S7Points.addValues(message, in, request.data(), items);
        } else if (parameters instanceof SetupCommunication setup) {
            S7Fields.setupFields(setup, fields);
        } else if (parameters instanceof BlockControl block) {
            S7Fields.blockFields(block, fields);
        } else if (parameters instanceof PiService pi) {
            service = pi.service();
            S7Fields.piFields(pi, fields);
        }
        OptionalInt function = functionOf(parameters);
        if (function.isPresent()) {
            int code = function.getAsInt();
            message.function(code, S7Names.function(code), S7Names.operation(code, service));
        } else {
            message.noFunction("job", OperationClass.OTHER);
        }
        pdu.anomalies().forEach(message::anomaly);
        OtMessage built = message.detail(pduDetail(header, Optional.empty(), items, returnCodes, fields)).build();
        pending.remember(header.pduReference(), new Pending(built.frame(), built.timestampNanos(), function,
                built.operation(), items));
        out.accept(built);
    }

    private void acknowledgement(S7Pdu pdu, ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        S7Pdu.Header header = pdu.header();
        Pending request = pending.take(header.pduReference());
        OtMessage.Builder message = OtMessage.builder(context, S7Protocols.S7COMM, MessageRole.RESPONSE)
                .transactionId(header.pduReference());
        Parameters parameters = pdu.parameters();
        OptionalInt function = functionOf(parameters);
        if (function.isEmpty() && request != null) {
            function = request.function();
        }
        List<VariableItem> items = List.of();
        List<Integer> returnCodes = List.of();
        Map<String, Object> fields = new LinkedHashMap<>();
        if (parameters instanceof VariableResponse response) {
            returnCodes = returnCodes(response.data());
            if (response.function() == S7Names.FUNCTION_READ_VAR && request != null) {
                items = request.items();
                S7Points.addValues(message, in, response.data(), items);
            }
            if (response.data().size() != response.itemCount()) {
                message.anomaly("item_count_mismatch");
            }
        } else if (parameters instanceof SetupCommunication setup) {
            S7Fields.setupFields(setup, fields);
        }
        OperationClass operation = request != null ? request.operation()
                : S7Names.operation(function.orElse(-1), "");
        if (function.isPresent()) {
            message.function(function.getAsInt(), S7Names.function(function.getAsInt()), operation);
        } else {
            message.noFunction(S7Names.rosctr(header.rosctr()), operation);
        }
        if (header.error() != 0) {
            String name = S7Names.errorCode(header.error());
            message.exception(header.error(), name.startsWith("error_0x") ? S7Names.errorClass(header.errorClass()) : name);
        }
        if (request != null) {
            message.pairedWith(request.frame(), request.timestampNanos());
        }
        pdu.anomalies().forEach(message::anomaly);
        out.accept(message.detail(pduDetail(header, Optional.empty(), items, returnCodes, fields)).build());
    }

    private void userdata(S7Pdu pdu, ByteBuffer in, StreamState state, StreamContext context,
                          Consumer<? super OtEvent> out) {
        S7Pdu.Header header = pdu.header();
        if (!(pdu.parameters() instanceof Userdata userdata)) {
            OtMessage.Builder message = OtMessage.builder(context, S7Protocols.S7COMM, role(context))
                    .noFunction("userdata", OperationClass.OTHER).transactionId(header.pduReference());
            pdu.anomalies().forEach(message::anomaly);
            out.accept(message.detail(pduDetail(header, Optional.empty(), List.of(), List.of(), Map.of())).build());
            return;
        }
        int group = userdata.group();
        boolean modeTransition = group == S7Names.GROUP_MODE_TRANSITION;
        int subfunction = modeTransition ? 0 : userdata.subfunction();
        boolean request = userdata.type() == S7Names.USERDATA_REQUEST;
        OtMessage.Builder message = OtMessage.builder(context, S7Protocols.S7COMM,
                        request ? MessageRole.REQUEST : MessageRole.RESPONSE)
                .transactionId(header.pduReference())
                .function(S7Names.USERDATA_FUNCTION_BASE + group * 0x100 + subfunction,
                        S7Names.userdataFunction(group, subfunction), S7Names.userdataOperation(group, subfunction));
        if (request && context.direction() == Direction.TO_SERVER) {
            message.sequence(PDU_REFERENCE, 0, header.pduReference(), 16, 1);
        }
        Optional<DataItem> data = userdata.data();
        OptionalInt szlId = OptionalInt.empty();
        OptionalInt szlIndex = OptionalInt.empty();
        String fragment = "";
        boolean readSzl = group == S7Names.GROUP_CPU_FUNCTIONS && subfunction == S7Names.CPU_READ_SZL;
        if (data.isPresent() && data.get().returnCode() == S7Names.RETURN_SUCCESS) {
            UserdataView view = request ? new UserdataView(in, data.get().offset(), data.get().length(), "")
                    : reassembleUserdata(userdata, data.get(), in, state, context, out);
            fragment = view.fragment();
            if (readSzl && view.length() >= 4) {
                szlId = OptionalInt.of(view.bytes().getShort(view.offset()) & 0xFFFF);
                szlIndex = OptionalInt.of(view.bytes().getShort(view.offset() + 2) & 0xFFFF);
                if (!request) {
                    SzlDecoder.identity(view.bytes(), view.offset(), view.length()).forEach(message::identity);
                }
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        if (group == S7Names.GROUP_BLOCK_FUNCTIONS && request && data.isPresent()
                && data.get().returnCode() == S7Names.RETURN_SUCCESS) {
            S7Fields.blockFunctionFields(in, data.get(), subfunction, fields);
        }
        int key = USERDATA_KEYS | header.pduReference();
        if (userdata.type() == S7Names.USERDATA_RESPONSE) {
            Pending asked = pending.take(key);
            if (asked != null) {
                message.pairedWith(asked.frame(), asked.timestampNanos());
            }
        }
        userdata.continuation().ifPresent(c -> {
            if (c.errorCode() != 0) {
                message.exception(c.errorCode(), S7Names.errorCode(c.errorCode()));
            }
        });
        pdu.anomalies().forEach(message::anomaly);
        S7Detail.Userdata detail = new S7Detail.Userdata(S7Names.userdataType(userdata.type()), group,
                modeTransition ? OptionalInt.empty() : OptionalInt.of(subfunction),
                modeTransition ? Optional.of(S7Names.modeTransition(userdata.subfunction())) : Optional.empty(),
                userdata.sequence(), szlId, szlIndex,
                data.isPresent() ? OptionalInt.of(data.get().returnCode()) : OptionalInt.empty(), fragment);
        S7Points.addRanges(message, userdata.items());
        OtMessage built = message.detail(pduDetail(header, Optional.of(detail), userdata.items(), List.of(), fields))
                .build();
        if (request) {
            pending.remember(key, new Pending(built.frame(), built.timestampNanos(), built.function(), built.operation(),
                    List.of()));
        }
        out.accept(built);
    }

    /**
     * The data of a userdata response, whole: a response split over several PDUs (extended
     * parameters with one data unit reference, "last data unit" false until the last piece) is
     * kept until its last piece, which then shows the joined data. A non-last piece shows nothing.
     *
     * @param fragment "" for an unsplit response, else "first", "more" or "last"
     */
    private record UserdataView(ByteBuffer bytes, int offset, int length, String fragment) {
    }

    private UserdataView reassembleUserdata(Userdata userdata, DataItem item, ByteBuffer in, StreamState state,
                                            StreamContext context, Consumer<? super OtEvent> out) {
        if (userdata.continuation().isEmpty()) {
            return new UserdataView(in, item.offset(), item.length(), "");
        }
        S7Pdu.Continuation continuation = userdata.continuation().get();
        boolean continues = state.userdataReference == continuation.dataUnitReference() && state.userdataBytes > 0;
        if (!continuation.lastDataUnit()) {
            if (!continues) {
                state.userdataBytes = 0;
                state.userdataReference = continuation.dataUnitReference();
            }
            appendUserdata(state, in, item.offset(), item.length(), context, out);
            return new UserdataView(in, item.offset(), 0, continues ? "more" : "first");
        }
        if (!continues) {
            return new UserdataView(in, item.offset(), item.length(), "");
        }
        boolean whole = appendUserdata(state, in, item.offset(), item.length(), context, out);
        int length = whole ? state.userdataBytes : 0;
        state.userdataReference = -1;
        state.userdataBytes = 0;
        return new UserdataView(ByteBuffer.wrap(state.userdata, 0, length), 0, length, "last");
    }

    private boolean appendUserdata(StreamState state, ByteBuffer in, int offset, int length, StreamContext context,
                                   Consumer<? super OtEvent> out) {
        int total = state.userdataBytes + length;
        if (total > config.maxFragmentBytes()) {
            out.accept(context.malformed(S7Protocols.S7COMM, "userdata_reassembly_overflow", total));
            state.userdataBytes = 0;
            state.userdataReference = -1;
            return false;
        }
        if (total > state.userdata.length) {
            byte[] grown = new byte[Math.min(config.maxFragmentBytes(), Math.max(total, 2 * state.userdata.length))];
            System.arraycopy(state.userdata, 0, grown, 0, state.userdataBytes);
            state.userdata = grown;
        }
        in.get(offset, state.userdata, state.userdataBytes, length);
        state.userdataBytes = total;
        return true;
    }

    private void plus(ByteBuffer in, int offset, int length, StreamState state, StreamContext context,
                      Consumer<? super OtEvent> out) {
        boolean continuation = state.plusContinuation;
        Optional<S7PlusParser.PlusPdu> parsed = S7PlusParser.parse(in, offset, length, continuation);
        if (parsed.isEmpty()) {
            out.accept(context.malformed(S7Protocols.S7COMM_PLUS, "truncated_s7plus_header", length));
            return;
        }
        S7PlusParser.PlusPdu pdu = parsed.get();
        boolean keepAlive = pdu.version() == S7PlusParser.VERSION_KEEP_ALIVE;
        state.plusContinuation = !pdu.last() && !keepAlive;
        if (continuation) {
            return; // a later piece of a PDU already reported with its first piece
        }
        int opcode = pdu.opcode().orElse(-1);
        boolean request = opcode == S7PlusParser.OPCODE_REQUEST;
        OtMessage.Builder message = OtMessage.builder(context, S7Protocols.S7COMM_PLUS,
                request ? MessageRole.REQUEST : MessageRole.RESPONSE);
        Pending asked = null;
        if (pdu.sequence().isPresent()) {
            message.transactionId(pdu.sequence().getAsInt());
            if (request) {
                // the client numbers its requests, one more each (S7-1200-Uploading-OB1-TIAV12.pcap:
                // 1, 2, 3, ...); the response echoes the number, a notification carries none
                message.sequence("plus_sequence", 0, pdu.sequence().getAsInt(), 16, 1);
            }
            int key = PLUS_KEYS | pdu.sequence().getAsInt();
            if (!request) {
                asked = pending.take(key);
            }
        }
        if (pdu.function().isPresent()) {
            int function = pdu.function().getAsInt();
            message.function(function, S7PlusParser.function(function),
                    asked != null ? asked.operation() : S7PlusParser.operation(function));
        } else if (keepAlive) {
            message.noFunction("keep_alive", OperationClass.LINK);
        } else if (opcode == S7PlusParser.OPCODE_NOTIFICATION) {
            message.noFunction("notification", OperationClass.READ);
        } else {
            message.noFunction("unknown", OperationClass.OTHER);
        }
        if (asked != null) {
            message.pairedWith(asked.frame(), asked.timestampNanos());
        }
        pdu.anomalies().forEach(message::anomaly);
        String opcodeName = keepAlive ? "keep_alive" : opcode < 0 ? "none" : S7PlusParser.opcode(opcode);
        OtMessage built = message.detail(new S7Detail.Plus(pdu.version(), opcodeName, pdu.sequence(),
                pdu.sessionId(), pdu.integrity(), pdu.opaqueBytes(), pdu.last() || keepAlive ? "" : "first")).build();
        if (request && pdu.sequence().isPresent()) {
            pending.remember(PLUS_KEYS | pdu.sequence().getAsInt(), new Pending(built.frame(), built.timestampNanos(),
                    built.function(), built.operation(), List.of()));
        }
        out.accept(built);
    }


    private S7Detail.Pdu pduDetail(S7Pdu.Header header, Optional<S7Detail.Userdata> userdata,
                                   List<VariableItem> items, List<Integer> returnCodes, Map<String, Object> fields) {
        List<S7Detail.Item> detailItems = new ArrayList<>(items.size());
        for (VariableItem item : items) {
            detailItems.add(new S7Detail.Item(item.syntaxId(), item.area(), item.dbNumber(), item.address(),
                    item.transportSize(), item.length()));
        }
        return new S7Detail.Pdu(S7Names.rosctr(header.rosctr()), header.pduReference(), header.errorClass(),
                header.errorCode(), userdata, detailItems, returnCodes, fields, endpoint);
    }

    private static OptionalInt functionOf(Parameters parameters) {
        if (parameters instanceof SetupCommunication) {
            return OptionalInt.of(S7Names.FUNCTION_SETUP_COMMUNICATION);
        } else if (parameters instanceof VariableRequest request) {
            return OptionalInt.of(request.function());
        } else if (parameters instanceof VariableResponse response) {
            return OptionalInt.of(response.function());
        } else if (parameters instanceof BlockControl block) {
            return OptionalInt.of(block.function());
        } else if (parameters instanceof PiService pi) {
            return OptionalInt.of(pi.function());
        } else if (parameters instanceof OtherFunction other) {
            return OptionalInt.of(other.function());
        }
        return OptionalInt.empty();
    }

    private static List<Integer> returnCodes(List<DataItem> data) {
        List<Integer> codes = new ArrayList<>(data.size());
        for (DataItem item : data) {
            codes.add(item.returnCode());
        }
        return codes;
    }

    private StreamState state(Direction direction) {
        return direction == Direction.TO_SERVER ? toServer : toClient;
    }
}
