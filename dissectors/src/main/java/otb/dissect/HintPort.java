package otb.dissect;

import otb.capture.Transport;

/**
 * A port where a protocol usually listens (its IANA registration or the vendor's default).
 *
 * @param transport TCP or UDP
 * @param port      1..65535
 */
public record HintPort(Transport transport, int port) {
    public HintPort {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("hint port " + port + " outside 1..65535");
        }
    }
}
