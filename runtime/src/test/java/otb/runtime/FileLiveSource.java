package otb.runtime;

import java.nio.file.Path;
import otb.capture.CaptureException;
import otb.capture.CaptureFiles;
import otb.capture.LiveCapture;
import otb.capture.LiveStatistics;
import otb.capture.PacketSource;

/**
 * A capture file played as a live source, for running {@link Monitor} without an interface or
 * root: every frame is delivered as fast as the pipeline takes it, and the run ends with the
 * file. Counters say every frame was delivered and none lost.
 */
final class FileLiveSource implements LiveSource {
    /** LINKTYPE_ETHERNET: the demo captures are Ethernet. */
    private static final int ETHERNET = 1;

    private final String name;
    private final PacketSource file;
    private long frames;
    private long bytes;

    private FileLiveSource(String name, PacketSource file) {
        this.name = name;
        this.file = file;
    }

    /** Opens {@code file} anew each time, as an interface named {@code name}. */
    static LiveSource.Opener opener(String name, Path file) {
        return new LiveSource.Opener() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public LiveSource open(LiveCapture.Events events) throws PipelineException {
                try {
                    return new FileLiveSource(name, CaptureFiles.open(file));
                } catch (CaptureException e) {
                    throw new PipelineException(e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run(FrameHandler handler) throws CaptureException {
        file.run(packet -> {
            frames++;
            bytes += packet.capturedLength();
            handler.frame(packet);
        });
    }

    @Override
    public int linkType() {
        return ETHERNET;
    }

    @Override
    public int snapLength() {
        return 65_535;
    }

    @Override
    public synchronized LiveStatistics statistics() {
        return new LiveStatistics(frames, bytes, frames, frames, 0, 0, 0, 0);
    }

    @Override
    public void close() {
        file.close();
    }
}
