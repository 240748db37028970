package otb.capture;

/**
 * Test helper run in a child JVM (without capture capabilities): opens a live capture on the
 * interface given and prints "opened" or the CaptureException's one line; exit 0 or 3.
 */
public final class LiveOpenProbe {
    private LiveOpenProbe() {
    }

    public static void main(String[] args) {
        try (LiveCapture capture = LiveCapture.open(LiveCaptureOptions.defaults(args[0]))) {
            System.out.println("opened " + capture.name());
        } catch (CaptureException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
