package otb.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * TLS 1.2 records (RFC 5246 6.2) for the background HTTPS sessions: a resumed session's
 * abbreviated handshake (7.3, figure 2), so no certificate is needed, then encrypted data.
 */
final class Tls {
    static final int CHANGE_CIPHER_SPEC = 20;
    static final int HANDSHAKE = 22;
    static final int APPLICATION_DATA = 23;
    private static final int CIPHER_SUITE = 0xC02F; // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    /** Finished under AES-GCM: 8-byte explicit nonce, 16 bytes verify data + header, 16-byte tag. */
    private static final int ENCRYPTED_FINISHED = 40;

    private Tls() {
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] wrap(int type, byte[] body) {
        byte[] record = new byte[5 + body.length];
        record[0] = (byte) type;
        Wire.put16(record, 1, 0x0303);
        Wire.put16(record, 3, body.length);
        System.arraycopy(body, 0, record, 5, body.length);
        return record;
    }

    /** A record of {@code length} bytes of ciphertext. */
    static byte[] record(int type, SplittableRandom random, int length) {
        byte[] body = new byte[length];
        random.nextBytes(body);
        return wrap(type, body);
    }

    private static byte[] handshake(int type, byte[] body) {
        byte[] message = new byte[4 + body.length];
        message[0] = (byte) type;
        message[1] = (byte) (body.length >>> 16);
        Wire.put16(message, 2, body.length);
        System.arraycopy(body, 0, message, 4, body.length);
        return message;
    }

    /** ClientHello (7.4.1.2) offering to resume {@code sessionId}, with server_name (RFC 6066 3). */
    static byte[] clientHello(SplittableRandom random, byte[] sessionId, String serverName) {
        byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
        int sniLength = 5 + name.length;
        int extensions = (4 + sniLength) + 5 + 4;
        byte[] body = new byte[2 + 32 + 1 + sessionId.length + 2 + 4 + 2 + 2 + extensions];
        int o = 0;
        Wire.put16(body, o, 0x0303);
        o += 2;
        byte[] clientRandom = new byte[32];
        random.nextBytes(clientRandom);
        System.arraycopy(clientRandom, 0, body, o, 32);
        o += 32;
        body[o++] = (byte) sessionId.length;
        System.arraycopy(sessionId, 0, body, o, sessionId.length);
        o += sessionId.length;
        Wire.put16(body, o, 4);
        Wire.put16(body, o + 2, CIPHER_SUITE);
        Wire.put16(body, o + 4, 0x009C); // TLS_RSA_WITH_AES_128_GCM_SHA256
        o += 6;
        body[o++] = 1;
        body[o++] = 0; // null compression
        Wire.put16(body, o, extensions);
        o += 2;
        Wire.put16(body, o, 0x0000); // server_name
        Wire.put16(body, o + 2, sniLength);
        Wire.put16(body, o + 4, sniLength - 2);
        body[o + 6] = 0; // host_name
        Wire.put16(body, o + 7, name.length);
        System.arraycopy(name, 0, body, o + 9, name.length);
        o += 4 + sniLength;
        Wire.put16(body, o, 0xFF01); // renegotiation_info (RFC 5746), empty
        Wire.put16(body, o + 2, 1);
        body[o + 4] = 0;
        o += 5;
        Wire.put16(body, o, 0x0017); // extended_master_secret (RFC 7627)
        Wire.put16(body, o + 2, 0);
        return wrap(HANDSHAKE, handshake(1, body));
    }

    /** ServerHello accepting the session, ChangeCipherSpec, and the encrypted Finished. */
    static byte[] abbreviatedServerFlight(SplittableRandom random, byte[] sessionId) {
        int extensions = 5 + 4;
        byte[] body = new byte[2 + 32 + 1 + sessionId.length + 2 + 1 + 2 + extensions];
        int o = 0;
        Wire.put16(body, o, 0x0303);
        o += 2;
        byte[] serverRandom = new byte[32];
        random.nextBytes(serverRandom);
        System.arraycopy(serverRandom, 0, body, o, 32);
        o += 32;
        body[o++] = (byte) sessionId.length;
        System.arraycopy(sessionId, 0, body, o, sessionId.length);
        o += sessionId.length;
        Wire.put16(body, o, CIPHER_SUITE);
        o += 2;
        body[o++] = 0;
        Wire.put16(body, o, extensions);
        o += 2;
        Wire.put16(body, o, 0xFF01);
        Wire.put16(body, o + 2, 1);
        body[o + 4] = 0;
        o += 5;
        Wire.put16(body, o, 0x0017);
        Wire.put16(body, o + 2, 0);
        byte[] hello = wrap(HANDSHAKE, handshake(2, body));
        return concat(concat(hello, wrap(CHANGE_CIPHER_SPEC, new byte[] {1})), record(HANDSHAKE, random,
                ENCRYPTED_FINISHED));
    }

    /** The client's ChangeCipherSpec and encrypted Finished. */
    static byte[] clientFinished(SplittableRandom random) {
        return concat(wrap(CHANGE_CIPHER_SPEC, new byte[] {1}), record(HANDSHAKE, random, ENCRYPTED_FINISHED));
    }
}
