package otb.sim;

import java.util.SplittableRandom;

/**
 * A client's ISO-on-TCP connection to an S7 PLC: COTP connection, S7 setup communication, and
 * the PDU reference counter of each side.
 */
final class S7Channel {
    /** Calling TSAP of an HMI or programming device (connection type 1 = PG). */
    private static final int CALLING_TSAP = 0x0100;
    final TcpConnection connection;
    final S7Plc plc;
    private int clientReference;
    private int plcReference;
    private final int cotpReference;
    boolean established;

    S7Channel(TcpConnection connection, S7Plc plc, SplittableRandom random) {
        this.connection = connection;
        this.plc = plc;
        this.clientReference = 1 + random.nextInt(0x7000);
        this.cotpReference = 1 + random.nextInt(0x7FFF);
    }

    int nextClientReference() {
        int reference = clientReference;
        clientReference = clientReference == 0xFFFF ? 1 : clientReference + 1;
        return reference;
    }

    /** PDU reference of a job the PLC sends to the client (block download). */
    int nextPlcReference() {
        plcReference = plcReference == 0xFFFF ? 1 : plcReference + 1;
        return plcReference;
    }

    /** TCP handshake, COTP CR/CC and S7 setup communication; returns the time of the last frame. */
    long establish(long time, long serverDelay, SplittableRandom random, Label label) {
        long t = connection.open(time, label) + 200_000L + random.nextLong(800_000L);
        byte[] request = S7Codec.connectionRequest(cotpReference, CALLING_TSAP, plc.calledTsap());
        byte[] confirm = S7Codec.connectionConfirm(cotpReference, 0x0001 + random.nextInt(0x40), CALLING_TSAP,
                plc.calledTsap());
        t = connection.exchange(t, request, confirm, serverDelay, 0, 0, false, random, label, label);
        t += 300_000L + random.nextLong(700_000L);
        int reference = nextClientReference();
        t = connection.exchange(t, S7Codec.setupCommunication(reference), S7Codec.setupCommunicationAck(reference),
                serverDelay, 0, 0, false, random, label, label);
        established = true;
        return t;
    }
}
