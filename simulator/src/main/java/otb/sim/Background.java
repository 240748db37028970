package otb.sim;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** Background IT traffic: ARP, DNS, NTP, an engineering workstation's SMB2 and HTTPS. */
final class Background {
    private Background() {
    }

    /** Hosts of one cell asking for the router's or a neighbour's MAC now and then (RFC 826). */
    static final class Arp extends Actor {
        private final Simulation simulation;
        private final List<Host> hosts;
        private final SplittableRandom random;

        Arp(Simulation simulation, List<Host> hosts, SplittableRandom random) {
            this.simulation = simulation;
            this.hosts = hosts;
            this.random = random;
        }

        @Override
        void step(long now) {
            Host asker = hosts.get(random.nextInt(hosts.size()));
            Host target = hosts.get(random.nextInt(hosts.size()));
            if (target == asker || random.nextInt(3) == 0) {
                // ask for the router: it answers with its own MAC
                Host router = new Host("router", "router", asker.cell().gatewayAddress(), asker.cell().gatewayMac(),
                        asker.cell(), 255);
                simulation.emit(now, FrameFactory.arp(asker, router.address(), null), null);
                simulation.emit(now + 300_000L + random.nextLong(700_000L), FrameFactory.arp(router, 0, asker), null);
            } else {
                simulation.emit(now, FrameFactory.arp(asker, target.address(), null), null);
                simulation.emit(now + 200_000L + random.nextLong(2_000_000L), FrameFactory.arp(target, 0, asker), null);
            }
            nextTime = now + 15_000_000_000L + random.nextLong(60_000_000_000L);
        }
    }

    /** A client resolving a few names now and then (RFC 1035 4.1). */
    static final class Dns extends Actor {
        private final Simulation simulation;
        private final Host client;
        private final Host server;
        private final String[] names;
        private final int[] answers;
        private final long meanInterval;
        private final SplittableRandom random;
        private int ipIdentification;

        Dns(Simulation simulation, Host client, Host server, String[] names, int[] answers, long meanInterval,
                SplittableRandom random) {
            this.simulation = simulation;
            this.client = client;
            this.server = server;
            this.names = names;
            this.answers = answers;
            this.meanInterval = meanInterval;
            this.random = random;
            this.ipIdentification = random.nextInt(0x10000);
        }

        @Override
        void step(long now) {
            int which = random.nextInt(names.length);
            int id = random.nextInt(0x10000);
            int port = 49152 + random.nextInt(16000);
            byte[] query = message(id, names[which], -1);
            byte[] response = message(id, names[which], answers[which]);
            simulation.emit(now, FrameFactory.udp(client, server, port, 53, ipIdentification++, query), null);
            simulation.emit(now + 400_000L + random.nextLong(1_500_000L),
                    FrameFactory.udp(server, client, 53, port, random.nextInt(0x10000), response), null);
            nextTime = now + meanInterval / 2 + random.nextLong(meanInterval);
        }

        /** A standard query for an A record, or its response when {@code answer} is an address. */
        static byte[] message(int id, String name, int answer) {
            byte[] qname = encodeName(name);
            boolean response = answer != -1;
            byte[] message = new byte[12 + qname.length + 4 + (response ? 16 : 0)];
            Wire.put16(message, 0, id);
            Wire.put16(message, 2, response ? 0x8180 : 0x0100); // RD; for the response QR, RD, RA
            Wire.put16(message, 4, 1);
            Wire.put16(message, 6, response ? 1 : 0);
            System.arraycopy(qname, 0, message, 12, qname.length);
            int offset = 12 + qname.length;
            Wire.put16(message, offset, 1);     // QTYPE A
            Wire.put16(message, offset + 2, 1); // QCLASS IN
            if (response) {
                offset += 4;
                Wire.put16(message, offset, 0xC00C); // name: pointer to the question
                Wire.put16(message, offset + 2, 1);
                Wire.put16(message, offset + 4, 1);
                Wire.put32(message, offset + 6, 3600);
                Wire.put16(message, offset + 10, 4);
                Wire.put32(message, offset + 12, answer);
            }
            return message;
        }

        private static byte[] encodeName(String name) {
            byte[] text = name.getBytes(StandardCharsets.US_ASCII);
            byte[] encoded = new byte[text.length + 2];
            int out = 0;
            int labelStart = 0;
            for (int i = 0; i <= text.length; i++) {
                if (i == text.length || text[i] == '.') {
                    encoded[out++] = (byte) (i - labelStart);
                    System.arraycopy(text, labelStart, encoded, out, i - labelStart);
                    out += i - labelStart;
                    labelStart = i + 1;
                }
            }
            encoded[out] = 0;
            return encoded;
        }
    }

    /** An NTP client (mode 3) and the server's answer (mode 4), RFC 5905 7.3. */
    static final class Ntp extends Actor {
        /** Seconds from 1900 (NTP era 0) to 1970. */
        private static final long NTP_UNIX_OFFSET = 2_208_988_800L;
        private final Simulation simulation;
        private final Host client;
        private final Host server;
        private final long interval;
        private final SplittableRandom random;
        private int ipIdentification;

        Ntp(Simulation simulation, Host client, Host server, long interval, SplittableRandom random) {
            this.simulation = simulation;
            this.client = client;
            this.server = server;
            this.interval = interval;
            this.random = random;
            this.ipIdentification = random.nextInt(0x10000);
        }

        @Override
        void step(long now) {
            long received = now + 150_000L + random.nextLong(300_000L);
            long sent = received + 20_000L + random.nextLong(40_000L);
            long answered = sent + 150_000L + random.nextLong(300_000L);
            byte[] request = new byte[48];
            request[0] = 0x23; // LI 0, version 4, mode 3 (client)
            request[2] = 6;    // poll 2^6 s
            request[3] = (byte) 0xE9;
            putTimestamp(request, 40, now);
            byte[] reply = new byte[48];
            reply[0] = 0x24;   // LI 0, version 4, mode 4 (server)
            reply[1] = 2;      // stratum 2
            reply[2] = 6;
            reply[3] = (byte) 0xE9;
            Wire.put32(reply, 4, 0x0000_0120);  // root delay, 16.16 s
            Wire.put32(reply, 8, 0x0000_0340);  // root dispersion
            Wire.put32(reply, 12, Host.parse("192.0.2.123")); // reference id: upstream server
            putTimestamp(reply, 16, now - 37_000_000_000L);   // reference time
            System.arraycopy(request, 40, reply, 24, 8);      // origin = client's transmit
            putTimestamp(reply, 32, received);
            putTimestamp(reply, 40, sent);
            simulation.emit(now, FrameFactory.udp(client, server, 123, 123, ipIdentification++, request), null);
            simulation.emit(answered, FrameFactory.udp(server, client, 123, 123, random.nextInt(0x10000), reply), null);
            nextTime = now + interval + random.nextLong(interval / 16);
        }

        static void putTimestamp(byte[] buffer, int offset, long nanos) {
            long seconds = Math.floorDiv(nanos, 1_000_000_000L) + NTP_UNIX_OFFSET;
            long fraction = (Math.floorMod(nanos, 1_000_000_000L) << 32) / 1_000_000_000L;
            Wire.put32(buffer, offset, (int) seconds);
            Wire.put32(buffer, offset + 4, (int) fraction);
        }
    }

    /**
     * An engineering workstation's SMB2 session to a file server (MS-SMB2 2.2): bursts of READs
     * of a project file, an ECHO when idle, and TCP keep-alives in longer pauses.
     */
    static final class Smb extends Actor {
        private static final int COMMAND_READ = 0x0008;
        private static final int COMMAND_ECHO = 0x000D;
        private final TcpConnection connection;
        private final SplittableRandom random;
        private final long sessionId;
        private final int treeId;
        private final byte[] fileId = new byte[16];
        private long messageId = 10;
        private long fileOffset;

        Smb(TcpConnection connection, SplittableRandom random) {
            this.connection = connection;
            this.random = random;
            this.sessionId = random.nextLong() & 0x0000_FFFF_FFFF_FFFFL;
            this.treeId = 1 + random.nextInt(8);
            random.nextBytes(fileId);
        }

        @Override
        void step(long now) {
            long t = now;
            if (!connection.open) {
                t = connection.open(now, null);
            }
            int kind = random.nextInt(10);
            if (kind < 6) {
                int reads = 1 + random.nextInt(4);
                for (int i = 0; i < reads; i++) {
                    int length = 512 + 64 * random.nextInt(8);
                    long id = messageId++;
                    byte[] request = readRequest(id, length);
                    byte[] response = readResponse(id, length);
                    long responseTime = connection.exchange(t, request, response, 300_000L + random.nextLong(900_000L),
                            200_000_000L, i < reads - 1 ? t + 3_000_000L : Long.MAX_VALUE, false, random, null, null);
                    t = responseTime + 500_000L + random.nextLong(1_000_000L);
                    fileOffset += length;
                }
            } else if (kind < 8) {
                long id = messageId++;
                connection.exchange(t, echo(id, false), echo(id, true), 200_000L + random.nextLong(400_000L),
                        200_000_000L, Long.MAX_VALUE, false, random, null, null);
            } else {
                connection.keepAlive(Math.max(t, connection.busyUntil), true, null);
            }
            nextTime = Math.max(connection.busyUntil, now) + 10_000_000_000L + random.nextLong(50_000_000_000L);
        }

        private byte[] header(int command, long id, boolean response, int bodyLength) {
            byte[] message = new byte[4 + 64 + bodyLength];
            Wire.put32(message, 0, 64 + bodyLength); // NetBIOS session message, 24-bit length
            message[4] = (byte) 0xFE;
            message[5] = 'S';
            message[6] = 'M';
            message[7] = 'B';
            Wire.put16Little(message, 8, 64);  // structure size
            Wire.put16Little(message, 10, 1);  // credit charge
            Wire.put16Little(message, 16, command);
            Wire.put16Little(message, 18, response ? 1 : 1); // credits requested / granted
            Wire.put32Little(message, 20, response ? 1 : 0); // flags: SERVER_TO_REDIR
            Wire.put32Little(message, 28, (int) id);
            Wire.put32Little(message, 32, (int) (id >>> 32));
            Wire.put32Little(message, 36, 0xFEFF);           // reserved (process id)
            Wire.put32Little(message, 40, command == COMMAND_ECHO ? 0 : treeId);
            Wire.put32Little(message, 44, (int) (command == COMMAND_ECHO ? 0 : sessionId));
            Wire.put32Little(message, 48, (int) (command == COMMAND_ECHO ? 0 : sessionId >>> 32));
            return message;
        }

        private byte[] echo(long id, boolean response) {
            byte[] message = header(COMMAND_ECHO, id, response, 4);
            Wire.put16Little(message, 68, 4); // structure size
            return message;
        }

        /** SMB2 READ request (2.2.19): 48 fixed bytes and one byte of buffer. */
        private byte[] readRequest(long id, int length) {
            byte[] message = header(COMMAND_READ, id, false, 49);
            int body = 68;
            Wire.put16Little(message, body, 49);
            message[body + 2] = 0x50;                      // padding: data offset wanted
            Wire.put32Little(message, body + 4, length);
            Wire.put32Little(message, body + 8, (int) fileOffset);
            Wire.put32Little(message, body + 12, (int) (fileOffset >>> 32));
            System.arraycopy(fileId, 0, message, body + 16, 16);
            Wire.put32Little(message, body + 32, 1);      // minimum count
            return message;
        }

        /** SMB2 READ response (2.2.20): 16 fixed bytes then the data at offset 0x50. */
        private byte[] readResponse(long id, int length) {
            byte[] message = header(COMMAND_READ, id, true, 16 + length);
            int body = 68;
            Wire.put16Little(message, body, 17);
            message[body + 2] = 0x50;
            Wire.put32Little(message, body + 4, length);
            for (int i = 0; i < length; i++) {
                message[body + 16 + i] = (byte) (0x20 + ((fileOffset + i) * 7 % 95)); // project file text
            }
            return message;
        }
    }

    /**
     * The workstation fetching updates over HTTPS now and then: a short TLS 1.2 session
     * (an abbreviated, resumed handshake: RFC 5246 7.3) and application data on a fresh connection, then a close.
     */
    static final class Https extends Actor {
        private final Simulation simulation;
        private final Host client;
        private final Host server;
        private final long meanInterval;
        private final SplittableRandom random;

        Https(Simulation simulation, Host client, Host server, long meanInterval, SplittableRandom random) {
            this.simulation = simulation;
            this.client = client;
            this.server = server;
            this.meanInterval = meanInterval;
            this.random = random;
        }

        @Override
        void step(long now) {
            TcpConnection connection = Plant.connection(simulation, random, client, server, 443, 64240);
            long t = connection.open(now, null) + 300_000L;
            byte[] sessionId = new byte[32];
            random.nextBytes(sessionId);
            t = connection.exchange(t, Tls.clientHello(random, sessionId, "updates.vendor.example"),
                    Tls.abbreviatedServerFlight(random, sessionId), 2_000_000L, 40_000_000L, t + 5_000_000L, false,
                    random, null, null);
            int requests = 1 + random.nextInt(3);
            for (int i = 0; i < requests; i++) {
                byte[] request = Tls.record(Tls.APPLICATION_DATA, random, 300 + random.nextInt(200));
                if (i == 0) {
                    request = Tls.concat(Tls.clientFinished(random), request);
                }
                t = connection.exchange(t + 2_000_000L, request,
                        Tls.record(Tls.APPLICATION_DATA, random, 600 + random.nextInt(800)),
                        10_000_000L + random.nextLong(40_000_000L), 40_000_000L, Long.MAX_VALUE, false, random, null,
                        null);
            }
            connection.close(connection.busyUntil + 1_000_000_000L, true, null);
            nextTime = now + meanInterval / 2 + random.nextLong(meanInterval);
        }
    }
}
