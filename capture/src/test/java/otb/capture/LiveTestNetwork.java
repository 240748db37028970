package otb.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real veth pair for live-capture tests: the capture end stays in this (root) namespace where
 * the test's JVM captures, the sending end lives in a fresh network namespace where tcpreplay
 * writes frames. IPv6 is off and IPv4 forwarding is off on both ends, so the kernel adds no
 * frames of its own (router solicitations, MLD) and forwards none of the replayed ones.
 * Needs root with its network and namespace capabilities (a container may withhold them), iproute2
 * and tcpreplay; {@link #unavailableReason()} says what is missing.
 */
public final class LiveTestNetwork implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Long enough for a replay of the demo plant capture at the rates the tests use. */
    private static final long COMMAND_TIMEOUT_SECONDS = 120;
    /** Capability bits (linux/capability.h) a veth pair in a new network namespace and a capture need. */
    private static final int CAP_NET_ADMIN = 12;
    private static final int CAP_NET_RAW = 13;
    private static final int CAP_SYS_ADMIN = 21;

    /** The interface the test captures on (root namespace). */
    public final String captureEnd;
    final String sendEnd;
    final String namespace;

    private LiveTestNetwork(String captureEnd, String sendEnd, String namespace) {
        this.captureEnd = captureEnd;
        this.sendEnd = sendEnd;
        this.namespace = namespace;
    }

    /** Why live tests cannot run here, or null when they can. */
    public static String unavailableReason() {
        return unavailableReason("live capture tests");
    }

    /**
     * Why {@code what} cannot run here, or null when it can: root with CAP_NET_ADMIN, CAP_NET_RAW
     * and CAP_SYS_ADMIN, and iproute2, tcpreplay and {@code extraTools} on the PATH.
     */
    public static String unavailableReason(String what, String... extraTools) {
        try {
            String uid = run(List.of("id", "-u")).trim();
            if (!uid.equals("0")) {
                return what + " need root (veth pairs, namespaces, capture); running as uid " + uid;
            }
            String capabilities = missingCapabilities();
            if (capabilities != null) {
                return what + " need " + capabilities + ", which this root lacks (a container run without them?)";
            }
            List<String> tools = new ArrayList<>(List.of("ip", "tcpreplay"));
            tools.addAll(List.of(extraTools));
            for (String tool : tools) {
                if (!onPath(tool)) {
                    return what + " need " + tool + " on the PATH";
                }
            }
            return null;
        } catch (IOException e) {
            return what + " cannot check the environment: " + e.getMessage();
        }
    }

    /** The capabilities this process lacks of those the tests need, or null (also when it cannot tell). */
    private static String missingCapabilities() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return null;
        }
        for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
            if (line.startsWith("CapEff:")) {
                long effective = Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                List<String> missing = new ArrayList<>();
                if ((effective & (1L << CAP_NET_ADMIN)) == 0) {
                    missing.add("CAP_NET_ADMIN");
                }
                if ((effective & (1L << CAP_NET_RAW)) == 0) {
                    missing.add("CAP_NET_RAW");
                }
                if ((effective & (1L << CAP_SYS_ADMIN)) == 0) {
                    missing.add("CAP_SYS_ADMIN");
                }
                return missing.isEmpty() ? null : String.join(", ", missing);
            }
        }
        return null;
    }

    public static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    /** Creates the namespace and the veth pair, both ends up. */
    public static LiveTestNetwork create() throws IOException {
        int n = COUNTER.incrementAndGet();
        long pid = ProcessHandle.current().pid() % 100_000;
        LiveTestNetwork network = new LiveTestNetwork("otbc" + pid + "n" + n, "otbs" + pid + "n" + n,
                "otb-test-" + pid + "-" + n);
        try {
            run(List.of("ip", "netns", "add", network.namespace));
            network.createLink();
            return network;
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** (Re)creates the veth pair with the same names. */
    void createLink() throws IOException {
        run(List.of("ip", "link", "add", captureEnd, "type", "veth", "peer", "name", sendEnd, "netns", namespace));
        writeIfPresent("/proc/sys/net/ipv6/conf/" + captureEnd + "/disable_ipv6", "1");
        writeIfPresent("/proc/sys/net/ipv4/conf/" + captureEnd + "/forwarding", "0");
        inNamespace("sh", "-c", "for f in /proc/sys/net/ipv6/conf/" + sendEnd + "/disable_ipv6; do "
                + "[ -e $f ] && echo 1 > $f; done; echo 0 > /proc/sys/net/ipv4/conf/" + sendEnd + "/forwarding");
        run(List.of("ip", "link", "set", captureEnd, "up"));
        inNamespace("ip", "link", "set", sendEnd, "up");
    }

    /** Deletes the veth pair (both ends); the capture end disappears under a running capture. */
    void deleteLink() throws IOException {
        run(List.of("ip", "link", "del", captureEnd));
    }

    /** Replays {@code file} onto the sending end at a fixed rate; returns when all is sent. */
    public void replay(Path file, int packetsPerSecond) throws IOException {
        inNamespace("tcpreplay", "-q", "--pps=" + packetsPerSecond, "-i", sendEnd, file.toAbsolutePath().toString());
    }

    private void inNamespace(String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        run(full);
    }

    private static void writeIfPresent(String file, String value) throws IOException {
        Path path = Path.of(file);
        if (Files.exists(path)) {
            Files.writeString(path, value);
        }
    }

    /** Runs a command; returns its output, or throws with its output when it fails. */
    static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output.trim());
        }
        return output;
    }

    /** Removes the veth pair (if still there) and the namespace; never throws. */
    @Override
    public void close() {
        try {
            run(List.of("ip", "link", "del", captureEnd));
        } catch (IOException e) {
            // already gone with a deleteLink() or the namespace
        }
        try {
            run(List.of("ip", "netns", "del", namespace));
        } catch (IOException e) {
            System.err.println("LiveTestNetwork: could not delete namespace " + namespace + ": " + e.getMessage());
        }
    }
}
