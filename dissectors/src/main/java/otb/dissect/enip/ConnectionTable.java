package otb.dissect.enip;

import java.util.LinkedHashMap;
import java.util.Map;
import otb.capture.IpAddress;

/**
 * The CIP connections Forward Open replies established, shared by the sessions of one pipeline
 * (a connection opened over TCP 44818 carries its I/O on UDP 2222, another flow). A network
 * connection id is chosen by the device that receives on it (Vol 1 3-5.5.1.1); T→O data may be
 * multicast, so both ids are keyed with the target's address, the one address every packet of
 * the connection carries. Bounded by {@link EnipLimits#MAX_CONNECTIONS}, oldest forgotten first.
 */
final class ConnectionTable {

    /**
     * An open connection.
     *
     * @param originator the scanner that opened it
     * @param target     the adapter it was opened to
     * @param parameters the ids from the reply, the rest from the request
     */
    record Connection(IpAddress originator, IpAddress target, ConnectionParameters parameters) {
    }

    /**
     * A connection a packet belongs to, and which way the packet went.
     *
     * @param connection        the connection
     * @param fromOriginator    true for O→T packets
     */
    record Found(Connection connection, boolean fromOriginator) {
    }

    private record IdKey(IpAddress target, long id, boolean originatorToTarget) {
    }

    private record TriadKey(IpAddress target, long triad) {
    }

    private final Map<IdKey, Connection> byId = bounded();
    private final Map<TriadKey, Connection> byTriad = bounded();

    private static <K> Map<K, Connection> bounded() {
        return new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Connection> eldest) {
                return size() > EnipLimits.MAX_CONNECTIONS;
            }
        };
    }

    /** Records the connection a Forward Open {@code request} asked for and its success {@code reply} gave. */
    Connection open(IpAddress originator, IpAddress target, ConnectionParameters request, ConnectionParameters reply) {
        ConnectionParameters merged = new ConnectionParameters(reply.originatorToTargetId(),
                reply.targetToOriginatorId(), reply.serialNumber(), reply.vendorId(), reply.originatorSerial(),
                request.transportClass(), reply.rpiOriginatorToTarget(), reply.rpiTargetToOriginator(), request.path());
        Connection connection = new Connection(originator, target, merged);
        Connection previous = byTriad.put(new TriadKey(target, merged.triad()), connection);
        if (previous != null) {
            forgetIds(previous);
        }
        byId.put(new IdKey(target, merged.originatorToTargetId(), true), connection);
        byId.put(new IdKey(target, merged.targetToOriginatorId(), false), connection);
        return connection;
    }

    /** Forgets the connection of that triad (a Forward Close); null if none was known. */
    Connection close(IpAddress target, long triad) {
        Connection connection = byTriad.remove(new TriadKey(target, triad));
        if (connection != null) {
            forgetIds(connection);
        }
        return connection;
    }

    private void forgetIds(Connection connection) {
        byId.remove(new IdKey(connection.target(), connection.parameters().originatorToTargetId(), true));
        byId.remove(new IdKey(connection.target(), connection.parameters().targetToOriginatorId(), false));
    }

    /** The connection a packet with connection id {@code id} from {@code source} to {@code destination} is on, or null. */
    Found find(long id, IpAddress source, IpAddress destination) {
        Connection connection = byId.get(new IdKey(destination, id, true));
        if (connection != null) {
            return new Found(connection, true);
        }
        connection = byId.get(new IdKey(source, id, false));
        return connection == null ? null : new Found(connection, false);
    }

    int size() {
        return byTriad.size();
    }
}
