package otb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --syslog against a receiver on 127.0.0.1: RFC 5424 framing and the CEF fields a SIEM reads. */
class SyslogTest {
    /** {@code <PRI>1 TIMESTAMP HOST otb PID MSGID - CEF:0|vendor|product|version|signature|name|severity|ext}. */
    private static final Pattern MESSAGE = Pattern.compile(
            "<(\\d{1,3})>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z) (\\S+) otb (\\d+) ([A-Z_]+) - "
                    + "CEF:0\\|otb\\|otb\\|[^|]+\\|([A-Z_]+)\\|[^|]+\\|(\\d+)\\|(.*)");

    @TempDir
    static Path dir;

    static String db;

    @BeforeAll
    static void learn() {
        db = dir.resolve("s.db").toString();
        assertEquals(ExitCode.OK, CliRun.run("learn", "fixtures/pcaps/modbus/ModbusTCP.pcap", "--db", db).exitCode());
    }

    @Test
    void udpDatagramsCarryOneRfc5424MessageWithCefEach() throws Exception {
        List<String> received = new ArrayList<>();
        Path jsonl = dir.resolve("udp.jsonl");
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(2_000);
            CliRun run = CliRun.run("analyze", "fixtures/pcaps/modbus/modbus_test.pcap", "--db", db, "--no-store",
                    "--jsonl", jsonl.toString(), "--syslog", "127.0.0.1:" + socket.getLocalPort());
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            byte[] buffer = new byte[65_535];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    break;
                }
                received.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            }
        }
        checkAgainstJsonl(received, Files.readAllLines(jsonl));
    }

    @Test
    void tcpUsesOctetCountingFraming() throws Exception {
        Path jsonl = dir.resolve("tcp.jsonl");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<String>> messages = CompletableFuture.supplyAsync(() -> readFramed(server));
            CliRun run = CliRun.run("analyze", "fixtures/pcaps/modbus/modbus_test.pcap", "--db", db, "--no-store",
                    "--jsonl", jsonl.toString(), "--syslog", "127.0.0.1:" + server.getLocalPort(),
                    "--syslog-transport", "tcp");
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            checkAgainstJsonl(messages.get(), Files.readAllLines(jsonl));
        }
    }

    @Test
    void anUnreachableCollectorIsAnInputError() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        CliRun run = CliRun.run("analyze", "fixtures/pcaps/modbus/modbus_test.pcap", "--db", db, "--no-store",
                "--syslog", "127.0.0.1:" + closedPort, "--syslog-transport", "tcp");
        assertEquals(ExitCode.INPUT, run.exitCode());
        assertTrue(run.oneErrorLine() && run.err().contains("syslog"), run.err());
    }

    private static List<String> readFramed(ServerSocket server) {
        List<String> messages = new ArrayList<>();
        try (Socket socket = server.accept(); DataInputStream in = new DataInputStream(socket.getInputStream())) {
            while (true) {
                StringBuilder length = new StringBuilder();
                int c;
                while ((c = in.read()) != ' ') {
                    if (c < 0) {
                        return messages;
                    }
                    length.append((char) c);
                }
                byte[] message = new byte[Integer.parseInt(length.toString())];
                in.readFully(message);
                messages.add(new String(message, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every alert of the run reached the collector, with its kind, severity, addresses and id. */
    private static void checkAgainstJsonl(List<String> messages, List<String> alerts) {
        assertTrue(!alerts.isEmpty(), "the capture raises alerts");
        assertTrue(messages.size() >= alerts.size(), messages.size() + " messages for " + alerts.size() + " alerts");
        for (String alert : alerts) {
            String id = field(alert, "id");
            String message = messages.stream().filter(m -> m.contains("externalId=" + id + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no syslog message for alert " + id));
            Matcher m = MESSAGE.matcher(message);
            assertTrue(m.matches(), message);
            String kind = field(alert, "kind");
            assertEquals(kind, m.group(5), "MSGID is the kind");
            assertEquals(kind, m.group(6), "CEF signature id is the kind");
            int facility = Integer.parseInt(m.group(1)) / 8;
            assertEquals(20, facility, "local4");
            int cefSeverity = Integer.parseInt(m.group(7));
            assertEquals(switch (field(alert, "severity")) {
                case "info" -> 1;
                case "low" -> 3;
                case "medium" -> 5;
                case "high" -> 8;
                default -> 10;
            }, cefSeverity);
            String extension = m.group(8);
            if (!field(alert, "src").isEmpty()) {
                assertTrue(extension.contains("src=" + field(alert, "src") + " "), extension);
            }
            assertTrue(extension.contains("cs1Label=cell cs1=" + field(alert, "cell")), extension);
            assertTrue(extension.contains("fname=fixtures/pcaps/modbus/modbus_test.pcap"), extension);
        }
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }
}
