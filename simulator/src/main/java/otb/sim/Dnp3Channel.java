package otb.sim;

import java.util.SplittableRandom;

/**
 * A DNP3 master's TCP connection to one outstation: link addresses, the application sequence
 * (4.2.2.4.3) and the transport sequence of each direction (8.2.1), shared by the master's
 * polls and anything injected on the same connection.
 */
final class Dnp3Channel {
    final TcpConnection connection;
    final Dnp3Outstation outstation;
    final int masterAddress;
    private int applicationSequence;
    private int masterTransport;
    private int outstationTransport;
    /** The master's last frames, newest last, as a man in the middle records them; at most {@link #RECORDED}. */
    private final java.util.ArrayDeque<byte[]> recorded = new java.util.ArrayDeque<>();
    static final int RECORDED = 8;

    Dnp3Channel(TcpConnection connection, Dnp3Outstation outstation, int masterAddress, SplittableRandom random) {
        this.connection = connection;
        this.outstation = outstation;
        this.masterAddress = masterAddress;
        this.applicationSequence = random.nextInt(16);
        this.masterTransport = random.nextInt(64);
        this.outstationTransport = random.nextInt(64);
    }

    int nextApplicationSequence() {
        int sequence = applicationSequence;
        applicationSequence = (applicationSequence + 1) & 0x0F;
        return sequence;
    }

    byte[] fromMaster(Dnp3Codec.Fragment fragment) {
        byte[] frame = Dnp3Codec.frame(true, outstation.address, masterAddress, masterTransport, fragment.bytes,
                fragment.length);
        masterTransport = (masterTransport + 1) & 0x3F;
        if (recorded.size() == RECORDED) {
            recorded.removeFirst();
        }
        recorded.addLast(frame.clone());
        return frame;
    }

    /** The master's recorded frames carrying a request other than a confirm, oldest first. */
    java.util.List<byte[]> recordedRequests() {
        java.util.List<byte[]> requests = new java.util.ArrayList<>();
        for (byte[] frame : recorded) {
            // header (10 octets), transport header, application control, function (IEEE 1815, 8.2, 4.2.2)
            if (frame.length > 12 && frame[12] != Dnp3Codec.CONFIRM) {
                requests.add(frame.clone());
            }
        }
        return requests;
    }

    byte[] fromOutstation(Dnp3Codec.Fragment fragment) {
        byte[] frame = Dnp3Codec.frame(false, masterAddress, outstation.address, outstationTransport, fragment.bytes,
                fragment.length);
        outstationTransport = (outstationTransport + 1) & 0x3F;
        return frame;
    }
}
