package otb.capture;

import java.nio.file.Path;

/** Prints the number of frames in a capture file (for the live capture bench script). */
public final class LiveBenchCount {
    private LiveBenchCount() {
    }

    public static void main(String[] args) throws Exception {
        long[] frames = {0};
        try (PacketSource source = CaptureFiles.open(Path.of(args[0]))) {
            source.run(packet -> frames[0]++);
        }
        System.out.println(frames[0]);
    }
}
