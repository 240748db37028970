package otb.dissect.enip;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import otb.capture.Direction;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.DissectorConfig;
import otb.dissect.MessageRole;
import otb.dissect.OperationClass;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.ParseStatus;
import otb.dissect.ProtocolSession;
import otb.dissect.StreamContext;

/**
 * One EtherNet/IP flow: frames encapsulation messages (TCP stream or UDP datagrams), decodes the
 * CIP they carry and class 0/1 I/O datagrams, and pairs replies with requests: unconnected ones
 * by session handle and sender context (Vol 2 2-3.3: the receiver echoes the context), connected
 * ones by connection and CIP sequence count (Vol 1 3-4.4.x: a class 3 reply repeats its
 * request's count). Connections come from the Forward Open replies of every flow of the
 * pipeline ({@link ConnectionTable}).
 */
final class EnipSession implements ProtocolSession {

    /** Implicit I/O datagrams have no service: O→T data sets outputs, T→O data reports inputs. */
    static final String IMPLICIT_OUTPUT = "implicit_output";
    static final String IMPLICIT_INPUT = "implicit_input";

    /** Vol 2 2-4.7/2-4.8: interface handle (UDINT) and timeout (UINT) before the common packet format. */
    private static final int SEND_DATA_PREFIX_BYTES = 6;
    /** Vol 2 2-6.3.2: a connected data item of a class 3 connection starts with the CIP sequence count. */
    private static final int SEQUENCE_COUNT_BYTES = 2;

    private final DissectorConfig config;
    private final ConnectionTable connections;
    /** Requests awaiting a reply, oldest first, at most {@link DissectorConfig#maxPendingRequests()}. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    EnipSession(DissectorConfig config, ConnectionTable connections) {
        this.config = config;
        this.connections = connections;
    }

    /**
     * What one CIP request asked, kept to name and read its reply.
     *
     * @param service    service code
     * @param path       its path
     * @param named      its name and class
     * @param routed     carried by an Unconnected Send
     * @param index      position in a Multiple Service Packet, or -1
     * @param parameters Forward Open/Close request fields, or null
     */
    private record Asked(int service, CipPath path, CipServices.Service named, boolean routed, int index,
                         ConnectionParameters parameters) {
    }

    /**
     * A request awaiting its reply.
     *
     * @param command       encapsulation command
     * @param sessionHandle encapsulation session
     * @param context       sender context (unconnected)
     * @param connection    O→T connection id (connected), or -1
     * @param sequence      CIP sequence count (connected), or -1
     * @param asked         the CIP requests, empty for commands without CIP
     * @param multiple      the requests came from one Multiple Service Packet
     */
    private record Pending(int command, long sessionHandle, long context, long connection, long sequence, long frame,
                           long timestampNanos, List<Asked> asked, boolean multiple) {
    }

    /**
     * How a CIP message travelled: its encapsulation header, and for connected ones the
     * connection id, the sequence count and the connection it belongs to (if known).
     */
    private record Carrier(EncapsulationHeader header, long connectionId, long sequence,
                           ConnectionTable.Found connection, String itemsProblem) {
        boolean connected() {
            return connectionId >= 0;
        }
    }

    @Override
    public ParseStatus parse(ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        int at = in.position();
        int size = EncapsulationHeader.check(in, at);
        if (context.flow().transport() == Transport.UDP && size < 0 && size != EncapsulationHeader.NEED_MORE) {
            // Vol 2 3-2: a UDP datagram that is no encapsulation message is class 0/1 I/O: a bare common packet format.
            implicit(in, at, in.limit(), context, out);
            in.position(in.limit());
            return ParseStatus.OK;
        }
        if (size == EncapsulationHeader.NEED_MORE) {
            return ParseStatus.NEED_MORE;
        }
        if (size < 0) {
            // No marker to resynchronise on: skip to the next position where a whole header checks.
            int next = nextHeader(in, at + 1);
            String reason = switch (size) {
                case EncapsulationHeader.UNKNOWN_COMMAND -> "unknown_command";
                case EncapsulationHeader.LENGTH_TOO_LARGE -> "length_out_of_range";
                default -> "nonzero_options";
            };
            out.accept(context.malformed(EnipProtocols.ENIP, reason, next - at));
            in.position(next);
            return ParseStatus.OK;
        }
        frame(in, at, size, context, out);
        in.position(at + size);
        return ParseStatus.OK;
    }

    /**
     * The next index from {@code from} where a header of a command other than NOP checks (NOP is
     * 0x0000: zero bytes would look like it), or where such a header may start in the last
     * bytes; the limit if none.
     */
    private static int nextHeader(ByteBuffer in, int from) {
        for (int at = from; at < in.limit(); at++) {
            int command = in.limit() - at >= 2 ? LittleEndian.u16(in, at) : -1;
            if (command == EncapsulationCommand.NOP.code) {
                continue;
            }
            int size = EncapsulationHeader.check(in, at);
            if (size > 0 || size == EncapsulationHeader.NEED_MORE) {
                return at;
            }
        }
        return in.limit();
    }

    private void frame(ByteBuffer in, int at, int size, StreamContext context, Consumer<? super OtEvent> out) {
        EncapsulationHeader header = EncapsulationHeader.decode(in, at);
        EncapsulationCommand command = header.command();
        int data = at + EnipLimits.HEADER_BYTES;
        int end = at + size;
        if (command.carriesCip() && header.status() == 0 && header.length() >= SEND_DATA_PREFIX_BYTES) {
            CommonPacketFormat.Items items = CommonPacketFormat.parse(in, data + SEND_DATA_PREFIX_BYTES, end);
            String problem = cip(header, items, in, context, out);
            if (problem != null) {
                encapsulation(header, items, problem, in, context, out);
            }
            return;
        }
        CommonPacketFormat.Items items = null;
        if (command == EncapsulationCommand.LIST_IDENTITY || command == EncapsulationCommand.LIST_SERVICES
                || command == EncapsulationCommand.LIST_INTERFACES) {
            if (header.length() > 0) {
                items = CommonPacketFormat.parse(in, data, end);
            }
        }
        encapsulation(header, items, command.carriesCip() && header.status() == 0 ? "truncated_send_data" : null,
                in, context, out);
    }

    /** An encapsulation command that carries no CIP (or whose CIP could not be read: {@code problem}). */
    private void encapsulation(EncapsulationHeader header, CommonPacketFormat.Items items, String problem,
                               ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        EncapsulationCommand command = header.command();
        boolean request = context.direction() == Direction.TO_SERVER;
        OtMessage.Builder message = OtMessage.builder(context, EnipProtocols.ENIP,
                        request ? MessageRole.REQUEST : MessageRole.RESPONSE)
                .function(command.code, command.wireName, command.operation);
        List<Integer> itemTypes = new ArrayList<>();
        if (items != null) {
            for (CommonPacketFormat.Item item : items.items()) {
                itemTypes.add(item.type());
                if (item.type() == CommonPacketFormat.LIST_IDENTITY_ITEM && !request) {
                    for (Map.Entry<String, String> entry
                            : IdentityDecoder.fromListIdentityItem(in, item.offset(), item.length()).entrySet()) {
                        message.identity(entry.getKey(), entry.getValue());
                    }
                }
            }
            if (!items.problem().isEmpty()) {
                message.anomaly(items.problem());
            }
        }
        if (problem != null && !problem.isEmpty()) {
            message.anomaly(problem);
        }
        String statusName = EncapsulationCommand.statusName(header.status());
        if (statusName != null) {
            message.exception((int) Math.min(header.status(), Integer.MAX_VALUE), statusName);
        }
        boolean answered = command == EncapsulationCommand.LIST_IDENTITY || command == EncapsulationCommand.LIST_SERVICES
                || command == EncapsulationCommand.LIST_INTERFACES || command == EncapsulationCommand.REGISTER_SESSION
                || command == EncapsulationCommand.SEND_RR_DATA;
        if (answered && request) {
            remember(new Pending(command.code, header.sessionHandle(), header.senderContext(), -1, -1,
                    context.frame(), context.timestampNanos(), List.of(), false));
        } else if (answered) {
            Pending asked = takeUnconnected(header);
            if (asked != null) {
                message.pairedWith(asked.frame(), asked.timestampNanos());
            } else {
                message.anomaly("response_without_request");
            }
        }
        out.accept(message.detail(new EnipDetail.Encapsulation(header, itemTypes)).build());
    }

    /**
     * The CIP message a SendRRData or SendUnitData carries, emitted; null when done, else why the
     * message carries no readable CIP (it is then emitted as an encapsulation message).
     */
    private String cip(EncapsulationHeader header, CommonPacketFormat.Items items, ByteBuffer in,
                       StreamContext context, Consumer<? super OtEvent> out) {
        CommonPacketFormat.Item data = items.data();
        if (data == null) {
            return items.problem().isEmpty() ? "no_data_item" : items.problem();
        }
        int cipAt = data.offset();
        int cipLength = data.length();
        long connectionId = -1;
        long sequence = -1;
        ConnectionTable.Found found = null;
        if (header.command() == EncapsulationCommand.SEND_UNIT_DATA) {
            CommonPacketFormat.Item address = items.first(CommonPacketFormat.CONNECTED_ADDRESS);
            if (address == null || address.length() != CommonPacketFormat.CONNECTED_ADDRESS_BYTES
                    || data.type() != CommonPacketFormat.CONNECTED_DATA || data.length() < SEQUENCE_COUNT_BYTES) {
                return "bad_connected_items";
            }
            connectionId = LittleEndian.u32(in, address.offset());
            sequence = LittleEndian.u16(in, cipAt);
            cipAt += SEQUENCE_COUNT_BYTES;
            cipLength -= SEQUENCE_COUNT_BYTES;
            found = connections.find(connectionId, context.flow().source(context.direction()),
                    context.flow().destination(context.direction()));
        }
        CipPdu pdu = CipPdu.decode(in, cipAt, cipLength);
        Carrier carrier = new Carrier(header, connectionId, sequence, found, items.problem());
        if (pdu instanceof CipPdu.Request request) {
            request(request, carrier, in, context, out);
        } else if (pdu instanceof CipPdu.Reply reply) {
            reply(reply, carrier, in, context, out);
        } else {
            return ((CipPdu.Unreadable) pdu).problem();
        }
        return null;
    }

    private void request(CipPdu.Request request, Carrier carrier, ByteBuffer in, StreamContext context,
                         Consumer<? super OtEvent> out) {
        List<Asked> asked = new ArrayList<>(1);
        boolean multiple = requests(request, carrier, 0, false, -1, 0, asked, in, context, out);
        long connection = -1;
        if (carrier.connected()) {
            connection = carrier.connection() != null
                    ? carrier.connection().connection().parameters().originatorToTargetId() : carrier.connectionId();
        }
        remember(new Pending(carrier.header().commandCode(), carrier.header().sessionHandle(),
                carrier.header().senderContext(), connection, carrier.sequence(), context.frame(),
                context.timestampNanos(), asked, multiple));
    }

    /**
     * Emits the requests {@code request} stands for (itself, or the services of a Multiple
     * Service Packet, or the request an Unconnected Send carries), adding them to {@code asked};
     * true when they came from a Multiple Service Packet.
     */
    private boolean requests(CipPdu.Request request, Carrier carrier, int depth, boolean routed, int index, int count,
                             List<Asked> asked, ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        CipPath path = request.path();
        if (depth < EnipLimits.MAX_NESTING && request.service() == CipServices.MULTIPLE_SERVICE_PACKET) {
            List<CipPdu.Request> inner = embeddedRequests(in, request);
            if (inner != null) {
                for (int i = 0; i < inner.size(); i++) {
                    requests(inner.get(i), carrier, depth + 1, routed, i, inner.size(), asked, in, context, out);
                }
                return true;
            }
        }
        if (depth < EnipLimits.MAX_NESTING && request.service() == CipServices.UNCONNECTED_SEND
                && path.classId() == CipServices.CONNECTION_MANAGER_CLASS) {
            CipPdu.Request inner = routedRequest(in, request);
            if (inner != null) {
                return requests(inner, carrier, depth + 1, true, index, count, asked, in, context, out);
            }
        }
        asked.add(emitRequest(request, carrier, routed, index, count, in, context, out));
        return false;
    }

    /** The services of a Multiple Service Packet request, or null when they cannot all be read as requests. */
    private static List<CipPdu.Request> embeddedRequests(ByteBuffer in, CipPdu.Request request) {
        int[][] parts = CipPdu.embedded(in, request.dataOffset(), request.dataLength());
        if (parts == null) {
            return null;
        }
        List<CipPdu.Request> requests = new ArrayList<>(parts.length);
        for (int[] part : parts) {
            if (!(CipPdu.decode(in, part[0], part[1]) instanceof CipPdu.Request inner)) {
                return null;
            }
            requests.add(inner);
        }
        return requests;
    }

    /**
     * Vol 1 3-5.5.2: Unconnected Send data is priority/tick time, timeout ticks, the embedded
     * message's size (UINT), the message, a pad octet if its size is odd, then the route path.
     */
    private static CipPdu.Request routedRequest(ByteBuffer in, CipPdu.Request request) {
        if (request.dataLength() < 4) {
            return null;
        }
        int size = LittleEndian.u16(in, request.dataOffset() + 2);
        if (size > request.dataLength() - 4) {
            return null;
        }
        return CipPdu.decode(in, request.dataOffset() + 4, size) instanceof CipPdu.Request inner ? inner : null;
    }

    private Asked emitRequest(CipPdu.Request request, Carrier carrier, boolean routed, int index, int count,
                              ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        CipPath path = request.path();
        CipServices.Service named = CipServices.of(request.service(), path.classId(), path.symbolic());
        OtMessage.Builder message = OtMessage.builder(context, EnipProtocols.CIP,
                        MessageRole.REQUEST)
                .function(named.code(), named.name(), named.operation());
        ConnectionParameters parameters = null;
        if (path.classId() == CipServices.CONNECTION_MANAGER_CLASS) {
            parameters = switch (request.service()) {
                case CipServices.FORWARD_OPEN -> ConnectionParameters.forwardOpenRequest(in, request.dataOffset(),
                        request.dataLength(), false);
                case CipServices.LARGE_FORWARD_OPEN -> ConnectionParameters.forwardOpenRequest(in,
                        request.dataOffset(), request.dataLength(), true);
                case CipServices.FORWARD_CLOSE -> ConnectionParameters.forwardCloseRequest(in, request.dataOffset(),
                        request.dataLength());
                default -> null;
            };
            if (parameters == null && (request.service() == CipServices.FORWARD_OPEN
                    || request.service() == CipServices.LARGE_FORWARD_OPEN
                    || request.service() == CipServices.FORWARD_CLOSE)) {
                message.anomaly("truncated_connection_request");
            }
        }
        if (!path.problem().isEmpty()) {
            message.anomaly(path.problem());
        }
        points(path, message);
        if (path.symbolic() && request.service() == CipServices.WRITE_TAG) {
            writeTagValues(in, request, path, message);
        }
        common(message, carrier, path, -1, List.of(), index, count, routed, parameters);
        out.accept(message.build());
        return new Asked(request.service(), path, named, routed, index, parameters);
    }

    /** Logix Write Tag data: data type (UINT; a structure's handle follows it), element count (UINT), the elements. */
    private static void writeTagValues(ByteBuffer in, CipPdu.Request request, CipPath path, OtMessage.Builder message) {
        int at = request.dataOffset();
        int length = request.dataLength();
        if (length < 4) {
            message.anomaly("truncated_tag_data");
            return;
        }
        int type = LittleEndian.u16(in, at);
        int header = type == TagValues.STRUCTURE ? 6 : 4;
        if (length < header) {
            message.anomaly("truncated_tag_data");
            return;
        }
        int count = LittleEndian.u16(in, at + header - 2);
        TagValues.add(in, type, at + header, length - header, count, tagSpace(path), 0, message);
    }

    private void reply(CipPdu.Reply reply, Carrier carrier, ByteBuffer in, StreamContext context,
                       Consumer<? super OtEvent> out) {
        Pending asked = carrier.connected() ? takeConnected(carrier) : takeUnconnected(carrier.header());
        boolean multipleAsked = asked != null && asked.multiple();
        if (reply.service() == CipServices.MULTIPLE_SERVICE_PACKET && (multipleAsked || asked == null)) {
            // Embedded replies name their own services, so an unanswered packet is split too.
            int[][] parts = CipPdu.embedded(in, reply.dataOffset(), reply.dataLength());
            if (parts != null) {
                for (int i = 0; i < parts.length; i++) {
                    Asked service = multipleAsked && i < asked.asked().size() ? asked.asked().get(i) : null;
                    if (CipPdu.decode(in, parts[i][0], parts[i][1]) instanceof CipPdu.Reply inner) {
                        emitReply(inner, carrier, asked, service, i, parts.length, in, context, out);
                    } else {
                        out.accept(context.malformed(EnipProtocols.CIP, "unreadable_embedded_reply", parts[i][1]));
                    }
                }
                return;
            }
        }
        Asked service = asked == null || asked.asked().isEmpty() || asked.multiple() ? null : asked.asked().get(0);
        emitReply(reply, carrier, asked, service, -1, 0, in, context, out);
    }

    private void emitReply(CipPdu.Reply reply, Carrier carrier, Pending pending, Asked asked, int index, int count,
                           ByteBuffer in, StreamContext context, Consumer<? super OtEvent> out) {
        boolean matches = asked != null && asked.service() == reply.service();
        CipPath path = matches ? asked.path() : CipPath.EMPTY;
        CipServices.Service named = matches ? asked.named()
                : CipServices.of(reply.service(), asked != null && asked.routed()
                        && reply.service() == CipServices.UNCONNECTED_SEND ? CipServices.CONNECTION_MANAGER_CLASS
                        : CipPath.ABSENT, false);
        OtMessage.Builder message = OtMessage.builder(context, EnipProtocols.CIP,
                        MessageRole.RESPONSE)
                .function(named.code(), named.name(), named.operation());
        if (pending == null) {
            message.anomaly("response_without_request");
        } else {
            message.pairedWith(pending.frame(), pending.timestampNanos());
            if (asked != null && !matches && !(asked.routed() && reply.service() == CipServices.UNCONNECTED_SEND)) {
                message.anomaly("reply_service_mismatch");
            }
        }
        int status = reply.generalStatus();
        // Vol 1 B-1: 0x06 (partial transfer) is how a fragmented read says "more follows", not a failure.
        if (status != 0 && status != 0x06) {
            message.exception(status, CipServices.statusName(status));
        }
        ConnectionParameters parameters = null;
        if (matches && status == 0) {
            parameters = connectionReply(reply, asked, in, context);
            if (asked.path().classId() == CipServices.IDENTITY_CLASS
                    && reply.service() == CipServices.GET_ATTRIBUTES_ALL) {
                for (Map.Entry<String, String> entry
                        : IdentityDecoder.fromGetAttributesAll(in, reply.dataOffset(), reply.dataLength()).entrySet()) {
                    message.identity(entry.getKey(), entry.getValue());
                }
            }
        }
        points(path, message);
        if (matches && path.symbolic() && (status == 0 || status == 0x06) && reply.dataLength() >= 2
                && (reply.service() == CipServices.READ_TAG || reply.service() == CipServices.READ_TAG_FRAGMENTED)) {
            int type = LittleEndian.u16(in, reply.dataOffset());
            int header = type == TagValues.STRUCTURE ? 4 : 2;
            if (reply.dataLength() >= header && reply.service() == CipServices.READ_TAG) {
                TagValues.add(in, type, reply.dataOffset() + header, reply.dataLength() - header, -1,
                        tagSpace(path), 0, message);
            }
        }
        common(message, carrier, path, status, reply.extendedStatus(), index, count, asked != null && asked.routed(),
                parameters);
        out.accept(message.build());
    }

    /** A Forward Open reply opens a connection, a Forward Close reply ends one; the fields for the record, or null. */
    private ConnectionParameters connectionReply(CipPdu.Reply reply, Asked asked, ByteBuffer in, StreamContext context) {
        if (asked.parameters() == null || asked.path().classId() != CipServices.CONNECTION_MANAGER_CLASS) {
            return null;
        }
        IpAddress target = context.flow().source(context.direction());
        IpAddress originator = context.flow().destination(context.direction());
        if (reply.service() == CipServices.FORWARD_OPEN || reply.service() == CipServices.LARGE_FORWARD_OPEN) {
            ConnectionParameters opened = ConnectionParameters.forwardOpenReply(in, reply.dataOffset(),
                    reply.dataLength());
            if (opened == null) {
                return null;
            }
            return connections.open(originator, target, asked.parameters(), opened).parameters();
        }
        if (reply.service() == CipServices.FORWARD_CLOSE) {
            connections.close(target, asked.parameters().triad());
            return asked.parameters();
        }
        return null;
    }

    /** The fields every CIP message of a carrier shares, and its detail. */
    private static void common(OtMessage.Builder message, Carrier carrier, CipPath path, int status,
                               List<Integer> extendedStatus, int index, int count, boolean routed,
                               ConnectionParameters parameters) {
        if (!carrier.itemsProblem().isEmpty()) {
            message.anomaly(carrier.itemsProblem());
        }
        if (carrier.connected()) {
            message.transactionId(carrier.sequence());
        }
        EncapsulationHeader header = carrier.header();
        message.detail(new EnipDetail.Cip(header.commandCode(), header.sessionHandle(),
                carrier.connected() ? 0 : header.senderContext(), carrier.connectionId(), carrier.sequence(), path,
                status, extendedStatus, index, count, routed, parameters));
    }

    /**
     * The point a message touches: a tag ({@code cip:tag:NAME}, address 0) or an object
     * instance's attribute ({@code cip:0xCLASS/INSTANCE}, the attribute as address, 0 for the
     * whole instance).
     */
    private static void points(CipPath path, OtMessage.Builder message) {
        if (path.symbolic()) {
            message.range(tagSpace(path), 0, 1);
        } else if (path.hasClass()) {
            String classHex = Long.toHexString(path.classId());
            message.range("cip:0x" + (classHex.length() == 1 ? "0" : "") + classHex + "/" + Math.max(0, path.instance()),
                    Math.max(0, path.attribute()), 1);
        }
    }

    private static String tagSpace(CipPath path) {
        return "cip:tag:" + path.tag();
    }

    /**
     * Class 0/1 I/O (Vol 2 3-2.x): a common packet format with a sequenced address item
     * (connection id, 32-bit sequence number) and a connected data item.
     */
    private void implicit(ByteBuffer in, int at, int end, StreamContext context, Consumer<? super OtEvent> out) {
        CommonPacketFormat.Items items = CommonPacketFormat.parse(in, at, end);
        CommonPacketFormat.Item address = items.first(CommonPacketFormat.SEQUENCED_ADDRESS);
        CommonPacketFormat.Item data = items.first(CommonPacketFormat.CONNECTED_DATA);
        if (address == null || address.length() != CommonPacketFormat.SEQUENCED_ADDRESS_BYTES || data == null) {
            out.accept(context.malformed(EnipProtocols.CIP, "not_implicit_io", end - at));
            return;
        }
        long connectionId = LittleEndian.u32(in, address.offset());
        long sequence = LittleEndian.u32(in, address.offset() + 4);
        IpAddress source = context.flow().source(context.direction());
        ConnectionTable.Found found = connections.find(connectionId, source,
                context.flow().destination(context.direction()));
        boolean fromOriginator = found != null ? found.fromOriginator()
                : context.direction() == Direction.TO_SERVER;
        OtMessage.Builder message = OtMessage.builder(context, EnipProtocols.CIP,
                        fromOriginator ? MessageRole.REQUEST : MessageRole.RESPONSE)
                .noFunction(fromOriginator ? IMPLICIT_OUTPUT : IMPLICIT_INPUT,
                        fromOriginator ? OperationClass.WRITE : OperationClass.READ)
                .transactionId(sequence);
        if (!items.problem().isEmpty()) {
            message.anomaly(items.problem());
        }
        if (found == null) {
            message.anomaly("unknown_connection");
        }
        CipPath path = found == null ? CipPath.EMPTY : found.connection().parameters().path();
        points(path, message);
        message.detail(new EnipDetail.Cip(-1, -1, 0, connectionId, sequence, path, -1, List.of(), -1, 0, false, null));
        out.accept(message.build());
    }

    private void remember(Pending request) {
        if (pending.size() >= config.maxPendingRequests()) {
            pending.removeFirst();
        }
        pending.addLast(request);
    }

    /** The oldest pending request this unconnected reply answers (same command and context), removed; or null. */
    private Pending takeUnconnected(EncapsulationHeader reply) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending request = it.next();
            // Vol 2 2-4.4: a RegisterSession reply carries the new session handle, its request 0.
            if (request.command() == reply.commandCode() && request.context() == reply.senderContext()
                    && request.connection() < 0 && (request.sessionHandle() == reply.sessionHandle()
                    || reply.commandCode() == EncapsulationCommand.REGISTER_SESSION.code)) {
                it.remove();
                return request;
            }
        }
        return null;
    }

    /**
     * The oldest pending connected request this reply answers: same sequence count, on the
     * connection whose T→O id the reply carries (or, when otb did not see the Forward Open, any
     * connected request of the flow).
     */
    private Pending takeConnected(Carrier reply) {
        long connection = reply.connection() != null && !reply.connection().fromOriginator()
                ? reply.connection().connection().parameters().originatorToTargetId() : -1;
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending request = it.next();
            if (request.connection() >= 0 && request.sequence() == reply.sequence()
                    && (connection < 0 || request.connection() == connection)) {
                it.remove();
                return request;
            }
        }
        return null;
    }

    @Override
    public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
        // No partial state of its own: the dispatcher drops the direction's buffered bytes.
    }

    @Override
    public void tick(long nowNanos, Consumer<? super OtEvent> out) {
        pending.removeIf(request -> nowNanos - request.timestampNanos() > config.requestTimeoutNanos());
    }

    @Override
    public void close(long nowNanos, Consumer<? super OtEvent> out) {
        pending.clear();
    }
}
