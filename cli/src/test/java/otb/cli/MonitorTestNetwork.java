package otb.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A veth pair for {@code otb monitor} tests: the capture end in this namespace, the sending end
 * in a fresh network namespace for tcpreplay; IPv6 and forwarding off so the kernel adds and
 * forwards nothing. (The capture module's LiveTestNetwork does the same for its tests.)
 */
final class MonitorTestNetwork implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String captureEnd;
    final String sendEnd;
    final String namespace;

    private MonitorTestNetwork(String captureEnd, String sendEnd, String namespace) {
        this.captureEnd = captureEnd;
        this.sendEnd = sendEnd;
        this.namespace = namespace;
    }

    /** Why these tests cannot run here, or null when they can. */
    static String unavailableReason() {
        try {
            String uid = run(List.of("id", "-u")).trim();
            if (!uid.equals("0")) {
                return "otb monitor tests need root (veth pairs, namespaces, capture); running as uid " + uid;
            }
            for (String tool : List.of("ip", "tcpreplay", "setpriv")) {
                if (!onPath(tool)) {
                    return "otb monitor tests need " + tool + " on the PATH";
                }
            }
            return null;
        } catch (IOException e) {
            return "otb monitor tests cannot check the environment: " + e.getMessage();
        }
    }

    static boolean onPath(String tool) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static MonitorTestNetwork create() throws IOException {
        int n = COUNTER.incrementAndGet();
        long pid = ProcessHandle.current().pid() % 100_000;
        MonitorTestNetwork network = new MonitorTestNetwork("otbm" + pid + "c" + n, "otbm" + pid + "s" + n,
                "otb-monitor-" + pid + "-" + n);
        try {
            run(List.of("ip", "netns", "add", network.namespace));
            run(List.of("ip", "link", "add", network.captureEnd, "type", "veth", "peer", "name", network.sendEnd,
                    "netns", network.namespace));
            Path disable = Path.of("/proc/sys/net/ipv6/conf", network.captureEnd, "disable_ipv6");
            if (Files.exists(disable)) {
                Files.writeString(disable, "1");
            }
            Files.writeString(Path.of("/proc/sys/net/ipv4/conf", network.captureEnd, "forwarding"), "0");
            network.inNamespace("sh", "-c", "f=/proc/sys/net/ipv6/conf/" + network.sendEnd + "/disable_ipv6; "
                    + "[ -e $f ] && echo 1 > $f; echo 0 > /proc/sys/net/ipv4/conf/" + network.sendEnd + "/forwarding");
            run(List.of("ip", "link", "set", network.captureEnd, "up"));
            network.inNamespace("ip", "link", "set", network.sendEnd, "up");
            return network;
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
    }

    /** Replays a capture onto the sending end at a fixed rate; returns when all is sent. */
    void replay(Path file, int packetsPerSecond) throws IOException {
        inNamespace("tcpreplay", "-q", "--pps=" + packetsPerSecond, "-i", sendEnd, file.toAbsolutePath().toString());
    }

    private void inNamespace(String... command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        run(full);
    }

    static String run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
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

    @Override
    public void close() {
        try {
            run(List.of("ip", "link", "del", captureEnd));
        } catch (IOException e) {
            // gone with the namespace
        }
        try {
            run(List.of("ip", "netns", "del", namespace));
        } catch (IOException e) {
            System.err.println("MonitorTestNetwork: could not delete namespace " + namespace + ": " + e.getMessage());
        }
    }
}
