package otb.sim;

import java.util.SplittableRandom;

/**
 * One TCP connection between a client and a server, as the mirror port sees it: handshake,
 * data segments with piggy-backed acknowledgements, delayed pure ACKs, keep-alives, the odd
 * retransmission, and the closing handshake (RFC 9293).
 *
 * <p>Users of a shared connection (a poller, an operator, an injected attack) take turns: an
 * exchange starts no earlier than {@link #busyUntil}, so sequence numbers always rise with time.
 */
final class TcpConnection {
    /** MSS option (RFC 9293 3.7.1), 1460 bytes: the only option on our SYNs. */
    private static final byte[] MSS_OPTION = {2, 4, 0x05, (byte) 0xB4};
    /** Retransmission timeout range a client waits before resending an unanswered request, ns. */
    private static final long RETRANSMISSION_TIMEOUT_MIN = 200_000_000L;
    private static final long RETRANSMISSION_TIMEOUT_MAX = 320_000_000L;
    /** One response in this many leaves the server in two TCP segments. */
    private static final int SPLIT_ONE_IN = 2500;

    private final Simulation simulation;
    final Host client;
    final Host server;
    final int clientPort;
    final int serverPort;
    private final int clientWindow;
    private final int serverWindow;
    private long clientNext;
    private long serverNext;
    private int clientIpId;
    private int serverIpId;
    /** One-way wire delay between the mirror port and either side, ns. */
    private final long halfRoundTrip;
    long busyUntil;
    boolean open;

    TcpConnection(Simulation simulation, SplittableRandom random, Host client, int clientPort, Host server,
            int serverPort, int serverWindow) {
        this.simulation = simulation;
        this.client = client;
        this.server = server;
        this.clientPort = clientPort;
        this.serverPort = serverPort;
        this.clientWindow = client.ttl() == 128 ? 64240 : 29200;
        this.serverWindow = serverWindow;
        this.clientNext = random.nextLong() & 0xFFFF_FFFFL;
        this.serverNext = random.nextLong() & 0xFFFF_FFFFL;
        this.clientIpId = random.nextInt(0x10000);
        this.serverIpId = random.nextInt(0x10000);
        this.halfRoundTrip = client.cell() == server.cell() ? 80_000L + random.nextInt(60_000)
                : 250_000L + random.nextInt(200_000);
    }

    /** Three-way handshake starting at {@code time}; returns the time of the last frame. */
    long open(long time, Label label) {
        long t = Math.max(time, busyUntil);
        emit(t, true, clientNext, 0, FrameFactory.TCP_SYN, MSS_OPTION, null, 0, 0, label);
        clientNext = (clientNext + 1) & 0xFFFF_FFFFL;
        t += 2 * halfRoundTrip;
        emit(t, false, serverNext, clientNext, FrameFactory.TCP_SYN | FrameFactory.TCP_ACK, MSS_OPTION, null, 0, 0,
                label);
        serverNext = (serverNext + 1) & 0xFFFF_FFFFL;
        t += 2 * halfRoundTrip;
        ack(t, true, label);
        open = true;
        busyUntil = t;
        return t;
    }

    /** A data segment (PSH, ACK) of {@code payload} from one side at {@code time}. */
    void send(long time, boolean fromClient, byte[] payload, Label label) {
        if (fromClient) {
            emit(time, true, clientNext, serverNext, FrameFactory.TCP_PSH | FrameFactory.TCP_ACK, null, payload, 0,
                    payload.length, label);
            clientNext = (clientNext + payload.length) & 0xFFFF_FFFFL;
        } else {
            emit(time, false, serverNext, clientNext, FrameFactory.TCP_PSH | FrameFactory.TCP_ACK, null, payload, 0,
                    payload.length, label);
            serverNext = (serverNext + payload.length) & 0xFFFF_FFFFL;
        }
        busyUntil = Math.max(busyUntil, time);
    }

    /**
     * A server response that leaves the server's stack in two segments (as after a partial
     * write): the first {@code splitAt} bytes without PSH, the rest {@code gap} ns later.
     */
    void sendSplitFromServer(long time, byte[] payload, int splitAt, long gap, Label label) {
        emit(time, false, serverNext, clientNext, FrameFactory.TCP_ACK, null, payload, 0, splitAt, label);
        serverNext = (serverNext + splitAt) & 0xFFFF_FFFFL;
        emit(time + gap, false, serverNext, clientNext, FrameFactory.TCP_PSH | FrameFactory.TCP_ACK, null, payload,
                splitAt, payload.length - splitAt, label);
        serverNext = (serverNext + payload.length - splitAt) & 0xFFFF_FFFFL;
        busyUntil = Math.max(busyUntil, time + gap);
    }

    /** Resends the last {@code payload} a client sent, at {@code time} (same sequence number). */
    void retransmitFromClient(long time, byte[] payload, Label label) {
        long sequence = (clientNext - payload.length) & 0xFFFF_FFFFL;
        emit(time, true, sequence, serverNext, FrameFactory.TCP_PSH | FrameFactory.TCP_ACK, null, payload, 0,
                payload.length, label);
        busyUntil = Math.max(busyUntil, time);
    }

    /** A pure acknowledgement from one side. */
    void ack(long time, boolean fromClient, Label label) {
        if (fromClient) {
            emit(time, true, clientNext, serverNext, FrameFactory.TCP_ACK, null, null, 0, 0, label);
        } else {
            emit(time, false, serverNext, clientNext, FrameFactory.TCP_ACK, null, null, 0, 0, label);
        }
        busyUntil = Math.max(busyUntil, time);
    }

    /**
     * A keep-alive probe (RFC 9293 3.8.4: one garbage byte at the sequence number before the next)
     * and the peer's acknowledgement; returns the time of the acknowledgement.
     */
    long keepAlive(long time, boolean fromClient, Label label) {
        byte[] garbage = {0};
        if (fromClient) {
            emit(time, true, (clientNext - 1) & 0xFFFF_FFFFL, serverNext, FrameFactory.TCP_ACK, null, garbage, 0, 1,
                    label);
        } else {
            emit(time, false, (serverNext - 1) & 0xFFFF_FFFFL, clientNext, FrameFactory.TCP_ACK, null, garbage, 0, 1,
                    label);
        }
        long answer = time + 2 * halfRoundTrip;
        ack(answer, !fromClient, label);
        return answer;
    }

    /** Orderly close initiated by one side; returns the time of the last frame. */
    long close(long time, boolean fromClient, Label label) {
        long t = Math.max(time, busyUntil);
        int finAck = FrameFactory.TCP_FIN | FrameFactory.TCP_ACK;
        if (fromClient) {
            emit(t, true, clientNext, serverNext, finAck, null, null, 0, 0, label);
            clientNext = (clientNext + 1) & 0xFFFF_FFFFL;
            t += 2 * halfRoundTrip;
            emit(t, false, serverNext, clientNext, finAck, null, null, 0, 0, label);
            serverNext = (serverNext + 1) & 0xFFFF_FFFFL;
            t += 2 * halfRoundTrip;
            ack(t, true, label);
        } else {
            emit(t, false, serverNext, clientNext, finAck, null, null, 0, 0, label);
            serverNext = (serverNext + 1) & 0xFFFF_FFFFL;
            t += 2 * halfRoundTrip;
            emit(t, true, clientNext, serverNext, finAck, null, null, 0, 0, label);
            clientNext = (clientNext + 1) & 0xFFFF_FFFFL;
            t += 2 * halfRoundTrip;
            ack(t, false, label);
        }
        open = false;
        busyUntil = t;
        return t;
    }

    /**
     * A request from the client at {@code time} (or when the connection is free), the server's
     * response after {@code serverDelay} (now and then in two segments), and, when the client's
     * next use is far enough away for its delayed-ACK timer to fire, a pure ACK {@code ackDelay}
     * after the response. With {@code retransmit} the first copy of the request goes unanswered
     * and the client resends it after a retransmission timeout. Returns the time of the
     * (last segment of the) response.
     *
     * @param response        null when the server does not answer (it still acknowledges)
     * @param nextClientUse   when the client will next send on this connection, ns
     */
    long exchange(long time, byte[] request, byte[] response, long serverDelay, long ackDelay, long nextClientUse,
            boolean retransmit, SplittableRandom random, Label requestLabel, Label responseLabel) {
        long t = Math.max(time, busyUntil);
        send(t, true, request, requestLabel);
        if (retransmit) {
            t += RETRANSMISSION_TIMEOUT_MIN + random.nextLong(RETRANSMISSION_TIMEOUT_MAX - RETRANSMISSION_TIMEOUT_MIN);
            retransmitFromClient(t, request, requestLabel);
        }
        long responseTime = t + 2 * halfRoundTrip + serverDelay;
        if (response != null && response.length > 8 && random.nextInt(SPLIT_ONE_IN) == 0) {
            long gap = 50_000L + random.nextLong(400_000L);
            sendSplitFromServer(responseTime, response, 1 + random.nextInt(response.length - 1), gap, responseLabel);
            responseTime += gap;
            long ackTime = responseTime + ackDelay;
            if (nextClientUse > ackTime) {
                ack(ackTime, true, requestLabel);
            }
        } else if (response != null) {
            send(responseTime, false, response, responseLabel);
            long ackTime = responseTime + ackDelay;
            if (nextClientUse > ackTime) {
                ack(ackTime, true, requestLabel);
            }
        } else {
            ack(responseTime, false, responseLabel);
        }
        return responseTime;
    }

    private void emit(long time, boolean fromClient, long sequence, long acknowledgement, int flags, byte[] options,
            byte[] payload, int offset, int length, Label label) {
        byte[] frame;
        if (fromClient) {
            frame = FrameFactory.tcp(client, server, clientPort, serverPort, sequence, acknowledgement, flags,
                    clientWindow, clientIpId++, options, payload, offset, length);
        } else {
            frame = FrameFactory.tcp(server, client, serverPort, clientPort, sequence, acknowledgement, flags,
                    serverWindow, serverIpId++, options, payload, offset, length);
        }
        simulation.emit(time, frame, label);
    }
}
