package otb.dissect.enip;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import otb.capture.IpAddress;
import otb.dissect.MessageRole;
import otb.dissect.OtEvent;
import otb.dissect.OtMessage;
import otb.dissect.StreamContext;
import otb.dissect.enip.PendingRequests.Asked;

/**
 * CIP explicit messages of one flow (Vol 1 2-4): requests become messages (the services of a
 * Multiple Service Packet and the request an Unconnected Send carries each their own) and are
 * remembered; replies find their requests, take their names and paths, and open and close
 * connections in the pipeline's {@link ConnectionTable}.
 */
final class CipExchange {
    private final ConnectionTable connections;
    private final PendingRequests pending;

    CipExchange(ConnectionTable connections, PendingRequests pending) {
        this.connections = connections;
        this.pending = pending;
    }

    /**
     * How a CIP message travelled: its encapsulation header, and for connected ones the
     * connection id, the sequence count and the connection it belongs to (if known).
     */
    record Carrier(EncapsulationHeader header, long connectionId, long sequence, ConnectionTable.Found connection,
                   String itemsProblem) {
        boolean connected() {
            return connectionId >= 0;
        }

        /** The O→T id of the connection a connected reply is on, or -1 when otb did not see its Forward Open. */
        long originatorToTarget() {
            return connection != null && !connection.fromOriginator()
                    ? connection.connection().parameters().originatorToTargetId() : -1;
        }
    }

    /** Emits the messages of a request and remembers what it asked. */
    void request(CipPdu.Request request, Carrier carrier, ByteBuffer in, StreamContext context,
                 Consumer<? super OtEvent> out) {
        List<Asked> asked = new ArrayList<>(1);
        boolean multiple = requests(request, carrier, 0, false, -1, 0, asked, in, context, out);
        long connection = -1;
        if (carrier.connected()) {
            connection = carrier.connection() != null
                    ? carrier.connection().connection().parameters().originatorToTargetId() : carrier.connectionId();
        }
        pending.remember(new PendingRequests.Pending(carrier.header().commandCode(), carrier.header().sessionHandle(),
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
        if (carrier.connected() && index <= 0) {
            // the originator numbers its connected explicit messages (CIP Vol. 1, 3-4.4.2, class 3);
            // the services of one Multiple Service Packet share the number: only the first carries it
            message.sequence("cip_sequence", carrier.connectionId(), carrier.sequence(), 16, 1);
        }
        // the encapsulation's sender context is not followed: it is the sender's own handle for
        // matching replies (the reply echoes it), numbered by no rule; the one real client that
        // numbers it (cip_only.pcap) does so loosely (see SequenceNumbersTest)
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

    /** The services of a Multiple Service Packet reply, or null when they cannot all be read as replies. */
    private static List<CipPdu.Reply> embeddedReplies(ByteBuffer in, CipPdu.Reply reply) {
        int[][] parts = CipPdu.embedded(in, reply.dataOffset(), reply.dataLength());
        if (parts == null) {
            return null;
        }
        List<CipPdu.Reply> replies = new ArrayList<>(parts.length);
        for (int[] part : parts) {
            if (!(CipPdu.decode(in, part[0], part[1]) instanceof CipPdu.Reply inner)) {
                return null;
            }
            replies.add(inner);
        }
        return replies;
    }

    /** Emits the messages of a reply, each paired with what its request asked. */
    void reply(CipPdu.Reply reply, Carrier carrier, ByteBuffer in, StreamContext context,
               Consumer<? super OtEvent> out) {
        PendingRequests.Pending asked = carrier.connected()
                ? pending.takeConnected(carrier.originatorToTarget(), carrier.sequence())
                : pending.takeUnconnected(carrier.header());
        boolean multipleAsked = asked != null && asked.multiple();
        if (reply.service() == CipServices.MULTIPLE_SERVICE_PACKET && (multipleAsked || asked == null)) {
            // Embedded replies name their own services, so an unanswered packet is split too.
            List<CipPdu.Reply> inner = embeddedReplies(in, reply);
            if (inner != null) {
                for (int i = 0; i < inner.size(); i++) {
                    Asked service = multipleAsked && i < asked.asked().size() ? asked.asked().get(i) : null;
                    emitReply(inner.get(i), carrier, asked, service, i, inner.size(), in, context, out);
                }
                return;
            }
        }
        Asked service = asked == null || asked.asked().isEmpty() || asked.multiple() ? null : asked.asked().get(0);
        emitReply(reply, carrier, asked, service, -1, 0, in, context, out);
    }

    private void emitReply(CipPdu.Reply reply, Carrier carrier, PendingRequests.Pending request, Asked asked, int index, int count,
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
        if (request == null) {
            message.anomaly("response_without_request");
        } else {
            message.pairedWith(request.frame(), request.timestampNanos());
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
    static void points(CipPath path, OtMessage.Builder message) {
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
}
