package otb.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import otb.capture.CaptureException;
import otb.capture.CaptureFiles;
import otb.capture.PacketSource;
import otb.capture.PcapWriter;

/**
 * Splits a capture into the first half of its frames and the rest, each written as a classic
 * pcap with nanosecond timestamps: the input of the split analyses of {@link ReferenceOutputsTest}
 * (learn the first half, analyse the second).
 *
 * <p>Frames are read with otb's own reader ({@link CaptureFiles}, so pcap, pcapng and gzip alike)
 * and written with {@link PcapWriter}: capture time, original length and captured bytes are kept
 * exactly. A pcap has one link type, so every frame of the capture must share one; all the
 * captures under fixtures/pcaps do.
 *
 * <p>{@code fixtures/golden/reference/regenerate.sh} compiles this same file against the jar it
 * is given and runs its {@link #main}, so the references and the test split captures the same
 * way. It therefore uses only public API of the capture module and nothing else of the tests.
 */
public final class CaptureHalves {
    /** Largest captured length a record may have (PcapWriter's limit, above every fixture frame). */
    private static final int SNAP_LENGTH = 262_144;

    private CaptureHalves() {
    }

    /** Command line of the reference script: CAPTURE FIRST_HALF SECOND_HALF; prints the two halves' frame counts. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: CaptureHalves CAPTURE FIRST_HALF SECOND_HALF");
            System.exit(2);
        }
        long frames = split(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]));
        System.out.println(frames / 2 + " " + (frames - frames / 2));
    }

    /**
     * Writes frames 1 .. n/2 (rounded down) of {@code capture} to {@code firstHalf} and the rest
     * to {@code secondHalf}.
     *
     * @return n, the number of frames of the capture
     */
    public static long split(Path capture, Path firstHalf, Path secondHalf) throws CaptureException, IOException {
        return split(capture, -1, firstHalf, secondHalf);
    }

    /**
     * Writes frames 1 .. {@code firstFrames} of {@code capture} to {@code firstPart} and the rest
     * to {@code secondPart}; with {@code firstFrames} negative, half of them (rounded down).
     *
     * @return n, the number of frames of the capture
     */
    public static long split(Path capture, long firstFrames, Path firstPart, Path secondPart)
            throws CaptureException, IOException {
        long[] frameCountAndLinkType = survey(capture);
        long frames = frameCountAndLinkType[0];
        long cut = firstFrames < 0 ? frames / 2 : firstFrames;
        Path firstHalf = firstPart;
        Path secondHalf = secondPart;
        int linkType = (int) frameCountAndLinkType[1];
        long[] delivered = {0};
        try (PcapWriter first = new PcapWriter(Files.newOutputStream(firstHalf), linkType, SNAP_LENGTH);
             PcapWriter second = new PcapWriter(Files.newOutputStream(secondHalf), linkType, SNAP_LENGTH);
             PacketSource source = CaptureFiles.open(capture)) {
            source.run(packet -> {
                PcapWriter half = ++delivered[0] <= cut ? first : second;
                try {
                    half.write(packet.timestampNanos(), packet.frame(), packet.originalLength());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return frames;
    }

    /**
     * Counts the frames of a capture and checks they share one link type.
     *
     * @return the frame count and the link type (1, Ethernet, for an empty capture)
     */
    private static long[] survey(Path capture) throws CaptureException {
        long[] countAndLinkType = {0, -1};
        try (PacketSource source = CaptureFiles.open(capture)) {
            source.run(packet -> {
                if (countAndLinkType[1] < 0) {
                    countAndLinkType[1] = packet.linkType();
                } else if (packet.linkType() != countAndLinkType[1]) {
                    throw new IllegalStateException(capture + ": frame " + packet.frameNumber() + " has link type "
                            + packet.linkType() + ", not " + countAndLinkType[1] + "; a pcap holds only one");
                }
                countAndLinkType[0]++;
            });
        }
        if (countAndLinkType[1] < 0) {
            countAndLinkType[1] = 1;
        }
        return countAndLinkType;
    }
}
