package otb.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import otb.baseline.alert.Alert;
import otb.baseline.alert.AlertSink;
import otb.baseline.alert.Severity;
import otb.dissect.PlainText;

/**
 * Sends alerts to a SIEM as RFC 5424 syslog messages whose MSG is an ArcSight CEF record, over
 * UDP (one datagram per message) or TCP (RFC 6587 octet-counting framing). An alert is sent
 * when it first occurs, and again with its final count when its de-duplication window closes
 * if it occurred more than once. Goes to the collector's address only, never to a monitored
 * interface's traffic.
 */
public final class SyslogAlertSink implements AlertSink {
    /** Facility local4 (20): security tools commonly log there. */
    static final int FACILITY = 20;
    /** Longest message sent; CEF extension values are cut to fit. */
    static final int MAX_MESSAGE_BYTES = 8192;
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** How messages travel: one UDP datagram each, or a TCP stream with octet counting (RFC 6587). */
    public enum Transport { udp, tcp }

    private final String host;
    private final int port;
    private final Transport transport;
    private final String hostname;
    private final String processId;
    private final SignedBaselineLabel label;
    private DatagramSocket datagrams;
    private Socket stream;
    private OutputStream streamOut;

    private SyslogAlertSink(String host, int port, Transport transport, SignedBaselineLabel label)
            throws PipelineException {
        this.host = host;
        this.port = port;
        this.transport = transport;
        this.label = label;
        this.hostname = localHostname();
        this.processId = Long.toString(ProcessHandle.current().pid());
        try {
            if (transport == Transport.udp) {
                datagrams = new DatagramSocket();
                datagrams.connect(new InetSocketAddress(InetAddress.getByName(host), port));
            } else {
                stream = new Socket();
                stream.connect(new InetSocketAddress(InetAddress.getByName(host), port), 5_000);
                streamOut = stream.getOutputStream();
            }
        } catch (IOException e) {
            throw new PipelineException("--syslog " + host + ":" + port + ": cannot reach the collector over "
                    + transport + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Connects to the collector at {@code host} (a name or an address, IPv6 without brackets) and
     * {@code port} (1..65535); TCP waits at most 5 s for the connection.
     */
    public static SyslogAlertSink connect(String host, int port, Transport transport) throws PipelineException {
        return new SyslogAlertSink(host, port, transport, null);
    }

    /** As {@link #connect(String, int, Transport)}, every message naming the signed baseline detected against. */
    public static SyslogAlertSink connect(String host, int port, Transport transport, SignedBaselineLabel label)
            throws PipelineException {
        return new SyslogAlertSink(host, port, transport, label);
    }

    @Override
    public void opened(Alert first) {
        try {
            send(first);
        } catch (AlertSinkException e) {
            failure = e;
        }
    }

    private AlertSinkException failure;

    @Override
    public void accept(Alert alert) throws AlertSinkException {
        if (failure != null) {
            AlertSinkException e = failure;
            failure = null;
            throw e;
        }
        if (alert.count() > 1) {
            send(alert);
        }
    }

    void send(Alert alert) throws AlertSinkException {
        byte[] message = format(alert, hostname, processId, label).getBytes(StandardCharsets.UTF_8);
        int length = Math.min(message.length, MAX_MESSAGE_BYTES);
        try {
            if (transport == Transport.udp) {
                datagrams.send(new DatagramPacket(message, length));
            } else {
                streamOut.write((length + " ").getBytes(StandardCharsets.US_ASCII));
                streamOut.write(message, 0, length);
                streamOut.flush();
            }
        } catch (IOException e) {
            throw new AlertSinkException("syslog " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The RFC 5424 message: {@code <PRI>1 TIMESTAMP HOST otb PID KIND - CEF:0|...}. */
    static String format(Alert alert, String hostname, String processId) {
        return format(alert, hostname, processId, null);
    }

    /** As above, naming the signed baseline ({@code label}, or null) in cs5 and cs6. */
    static String format(Alert alert, String hostname, String processId, SignedBaselineLabel label) {
        int priority = FACILITY * 8 + syslogSeverity(alert.severity());
        String timestamp = RFC3339.format(Instant.ofEpochSecond(Math.floorDiv(alert.firstNanos(), 1_000_000_000L),
                Math.floorMod(alert.firstNanos(), 1_000_000_000L)));
        return "<" + priority + ">1 " + timestamp + " " + hostname + " otb " + processId + " " + alert.kind().name()
                + " - " + cef(alert, label);
    }

    static String cef(Alert alert) {
        return cef(alert, null);
    }

    static String cef(Alert alert, SignedBaselineLabel label) {
        StringBuilder text = new StringBuilder(512);
        text.append("CEF:0|otb|otb|0.1.0|").append(header(alert.kind().name())).append('|')
                .append(header(alert.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '))).append('|')
                .append(cefSeverity(alert.severity())).append('|');
        extension(text, "rt", Long.toString(Math.floorDiv(alert.firstNanos(), 1_000_000L)));
        extension(text, "end", Long.toString(Math.floorDiv(alert.lastNanos(), 1_000_000L)));
        extension(text, "cnt", Long.toString(alert.count()));
        extension(text, "externalId", alert.id());
        if (!alert.src().isEmpty()) {
            extension(text, "src", alert.src());
        }
        if (!alert.dst().isEmpty()) {
            extension(text, "dst", alert.dst());
        }
        if (!alert.protocol().isEmpty()) {
            extension(text, "app", alert.protocol());
        }
        extension(text, "cs1Label", "cell");
        extension(text, "cs1", alert.cell());
        extension(text, "cs2Label", "baseline");
        extension(text, "cs2", alert.baselineFact());
        if (alert.function().isPresent()) {
            extension(text, "cn1Label", "function");
            extension(text, "cn1", Integer.toString(alert.function().getAsInt()));
            extension(text, "cs3Label", "functionName");
            extension(text, "cs3", alert.functionName());
        }
        extension(text, "cs4Label", "frames");
        extension(text, "cs4", alert.frames().toString().replace(" ", ""));
        if (label != null) {
            extension(text, "cs5Label", "baselineId");
            extension(text, "cs5", label.baselineId());
            extension(text, "cs6Label", "baselineSigner");
            extension(text, "cs6", label.signer());
        }
        if (!alert.context().isEmpty()) {
            extension(text, "flexString1Label", "context");
            extension(text, "flexString1", alert.context().compact());
        }
        if (!alert.incident().isEmpty()) {
            extension(text, "flexString2Label", "incident");
            extension(text, "flexString2", alert.incident());
        }
        extension(text, "fname", alert.input());
        extension(text, "msg", alert.detail());
        return text.toString().stripTrailing();
    }

    static int cefSeverity(Severity severity) {
        return switch (severity) {
            case INFO -> 1;
            case LOW -> 3;
            case MEDIUM -> 5;
            case HIGH -> 8;
            case CRITICAL -> 10;
        };
    }

    static int syslogSeverity(Severity severity) {
        return switch (severity) {
            case INFO -> 6;
            case LOW -> 5;
            case MEDIUM -> 4;
            case HIGH -> 3;
            case CRITICAL -> 2;
        };
    }

    /** CEF header fields escape backslash and pipe; other control characters show as {@code \xNN} ({@link PlainText}). */
    private static String header(String value) {
        return PlainText.escape(value.replace("\\", "\\\\").replace("|", "\\|"));
    }

    /**
     * CEF extension values escape backslash, equals sign and line breaks; other control characters
     * show as {@code \xNN} ({@link PlainText}).
     */
    private static void extension(StringBuilder text, String key, String value) {
        text.append(key).append('=').append(PlainText.escape(value.replace("\\", "\\\\").replace("=", "\\=")
                .replace("\r", "\\r").replace("\n", "\\n"))).append(' ');
    }

    private static String localHostname() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.isEmpty() ? "-" : name.replace(' ', '_');
        } catch (IOException e) {
            return "-";
        }
    }

    @Override
    public void close() throws AlertSinkException {
        try {
            if (datagrams != null) {
                datagrams.close();
            }
            if (stream != null) {
                stream.close();
            }
        } catch (IOException e) {
            throw new AlertSinkException("syslog " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
