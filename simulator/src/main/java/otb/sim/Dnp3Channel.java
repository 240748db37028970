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
        return frame;
    }

    byte[] fromOutstation(Dnp3Codec.Fragment fragment) {
        byte[] frame = Dnp3Codec.frame(false, masterAddress, outstation.address, outstationTransport, fragment.bytes,
                fragment.length);
        outstationTransport = (outstationTransport + 1) & 0x3F;
        return frame;
    }
}
