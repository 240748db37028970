package otb.dissect.enip;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import otb.dissect.DissectorConfig;

/**
 * The requests of one flow awaiting their replies, oldest first, at most
 * {@link DissectorConfig#maxPendingRequests()} (the oldest forgotten first) and none older than
 * the request timeout. Unconnected replies find theirs by encapsulation command, session handle
 * and sender context (Vol 2 2-3.3: the receiver echoes the context); connected ones by
 * connection and CIP sequence count (a class 3 reply repeats its request's count).
 */
final class PendingRequests {

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
    record Asked(int service, CipPath path, CipServices.Service named, boolean routed, int index,
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
    record Pending(int command, long sessionHandle, long context, long connection, long sequence, long frame,
                   long timestampNanos, List<Asked> asked, boolean multiple) {
    }

    private final DissectorConfig config;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    PendingRequests(DissectorConfig config) {
        this.config = config;
    }

    /** Remembers a request, forgetting the oldest when the bound is reached. */
    void remember(Pending request) {
        if (pending.size() >= config.maxPendingRequests()) {
            pending.removeFirst();
        }
        pending.addLast(request);
    }

    /** The oldest pending request this unconnected reply answers (same command and context), removed; or null. */
    Pending takeUnconnected(EncapsulationHeader reply) {
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
     * The oldest pending connected request a reply with CIP sequence count {@code sequence}
     * answers: on the connection of O→T id {@code connection} (-1 when otb did not see the
     * Forward Open: any connected request of the flow).
     */
    Pending takeConnected(long connection, long sequence) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending request = it.next();
            if (request.connection() >= 0 && request.sequence() == sequence
                    && (connection < 0 || request.connection() == connection)) {
                it.remove();
                return request;
            }
        }
        return null;
    }

    /** Forgets the requests older than the request timeout at capture time {@code nowNanos}. */
    void expire(long nowNanos) {
        pending.removeIf(request -> nowNanos - request.timestampNanos() > config.requestTimeoutNanos());
    }

    void clear() {
        pending.clear();
    }
}
