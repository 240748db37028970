package otb.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import otb.capture.IoErrors;

/**
 * Standard output that can fail loudly. {@link PrintStream} swallows write errors (a full disk, a
 * reader that closed the pipe) and only remembers that one happened; otb asks it
 * ({@link PrintStream#checkError()}) after every command and every so often during long outputs,
 * and says why with the error this stream keeps: exit {@link ExitCode#INPUT} and one line, never
 * exit 0 with the output cut.
 */
final class StandardOutput extends OutputStream {
    /** Thrown when standard output failed; its message is the one line shown. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message);
        }
    }

    /** The stream {@link #install()} put under {@link System#out}, null before. */
    private static volatile StandardOutput installed;

    private final OutputStream out = new FileOutputStream(FileDescriptor.out);
    private volatile IOException failure;

    private StandardOutput() {
    }

    /**
     * Makes {@link System#out} a stream that remembers why a write failed; same encoding and line
     * flushing as the JVM's own.
     */
    static void install() {
        String encoding = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
        Charset charset = Charset.defaultCharset();
        if (encoding != null && Charset.isSupported(encoding)) {
            charset = Charset.forName(encoding);
        }
        StandardOutput stream = new StandardOutput();
        installed = stream;
        System.setOut(new PrintStream(new BufferedOutputStream(stream, 8192), true, charset));
    }

    @Override
    public void write(int b) throws IOException {
        try {
            out.write(b);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            throw remember(e);
        }
    }

    private IOException remember(IOException e) {
        if (failure == null) {
            failure = e;
        }
        return e;
    }

    /** Throws {@link Failed} when a write to {@code stdout} (flushed first) failed. */
    static void check(PrintStream stdout) {
        String problem = problem(stdout);
        if (problem != null) {
            throw new Failed(problem);
        }
    }

    /** The one line for a failed write to {@code stdout} (flushed first), or null when none failed. */
    static String problem(PrintStream stdout) {
        if (!stdout.checkError()) {
            return null;
        }
        IOException failure = stdout == System.out ? installedFailure() : null;
        return "cannot write standard output" + (failure == null ? "" : ": " + IoErrors.reason(failure))
                + "; the output is incomplete";
    }

    /** Why the installed stream failed, when it is installed and did. */
    private static IOException installedFailure() {
        StandardOutput stream = installed;
        return stream == null ? null : stream.failure;
    }
}
