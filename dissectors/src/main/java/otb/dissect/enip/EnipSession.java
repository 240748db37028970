package otb.dissect.enip;

import java.nio.ByteBuffer;
import java.util.ArrayList;
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
 * One EtherNet/IP flow: frames encapsulation messages (TCP stream or UDP datagrams) and class
 * 0/1 I/O datagrams, emits the encapsulation commands that carry no CIP and the I/O, and hands
 * the CIP explicit messages SendRRData and SendUnitData carry to its {@link CipExchange}. Replies
 * pair with requests through {@link PendingRequests}; connections come from the Forward Open
 * replies of every flow of the pipeline ({@link ConnectionTable}).
 */
final class EnipSession implements ProtocolSession {

    /** Implicit I/O datagrams have no service: O→T data sets outputs, T→O data reports inputs. */
    static final String IMPLICIT_OUTPUT = "implicit_output";
    static final String IMPLICIT_INPUT = "implicit_input";

    /** Vol 2 2-4.7/2-4.8: interface handle (UDINT) and timeout (UINT) before the common packet format. */
    private static final int SEND_DATA_PREFIX_BYTES = 6;
    /** Vol 2 2-6.3.2: a connected data item of a class 3 connection starts with the CIP sequence count. */
    private static final int SEQUENCE_COUNT_BYTES = 2;

    private final ConnectionTable connections;
    private final PendingRequests pending;
    private final CipExchange exchange;

    EnipSession(DissectorConfig config, ConnectionTable connections) {
        this.connections = connections;
        this.pending = new PendingRequests(config);
        this.exchange = new CipExchange(connections, pending);
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
            pending.remember(new PendingRequests.Pending(command.code, header.sessionHandle(), header.senderContext(), -1, -1,
                    context.frame(), context.timestampNanos(), List.of(), false));
        } else if (answered) {
            PendingRequests.Pending asked = pending.takeUnconnected(header);
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
        CipExchange.Carrier carrier = new CipExchange.Carrier(header, connectionId, sequence, found, items.problem());
        if (pdu instanceof CipPdu.Request request) {
            exchange.request(request, carrier, in, context, out);
        } else if (pdu instanceof CipPdu.Reply reply) {
            exchange.reply(reply, carrier, in, context, out);
        } else {
            return ((CipPdu.Unreadable) pdu).problem();
        }
        return null;
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
                .transactionId(sequence)
                // each producer numbers the packets of a connection (CIP Vol. 2, 2-6.2, sequenced address item)
                .sequence("io_sequence", connectionId, sequence, 32, 1);
        if (!items.problem().isEmpty()) {
            message.anomaly(items.problem());
        }
        if (found == null) {
            message.anomaly("unknown_connection");
        }
        CipPath path = found == null ? CipPath.EMPTY : found.connection().parameters().path();
        CipExchange.points(path, message);
        message.detail(new EnipDetail.Cip(-1, -1, 0, connectionId, sequence, path, -1, List.of(), -1, 0, false, null));
        out.accept(message.build());
    }

    @Override
    public void gap(StreamContext context, long missingBytes, Consumer<? super OtEvent> out) {
        // No partial state of its own: the dispatcher drops the direction's buffered bytes.
    }

    @Override
    public void tick(long nowNanos, Consumer<? super OtEvent> out) {
        pending.expire(nowNanos);
    }

    @Override
    public void close(long nowNanos, Consumer<? super OtEvent> out) {
        pending.clear();
    }
}
