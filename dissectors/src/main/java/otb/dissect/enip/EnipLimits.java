package otb.dissect.enip;

/**
 * Bounds of the EtherNet/IP and CIP dissection, fixed by the specification or chosen here; per-flow
 * bounds (pending requests, buffered bytes) live in {@code DissectorConfig}. Clause numbers are of
 * THE CIP Networks Library, Volume 1 (CIP) and Volume 2 (EtherNet/IP adaptation).
 */
final class EnipLimits {
    private EnipLimits() {
    }

    /** Vol 2 2-3: command, length, session handle, status, sender context, options. */
    static final int HEADER_BYTES = 24;
    /** Vol 2 2-3.1: the encapsulated data of one message is at most 65511 bytes. */
    static final int MAX_DATA_BYTES = 65_511;
    /** Common packet format items read per message (real ones carry 2 to 4). */
    static final int MAX_ITEMS = 16;
    /** EPATH segments read per path (a routed Logix tag path has about 10). */
    static final int MAX_PATH_SEGMENTS = 32;
    /** Services read of one Multiple Service Packet (Logix packs at most about 200 in 4002 bytes). */
    static final int MAX_EMBEDDED_SERVICES = 256;
    /** Characters kept of a tag name; longer names are cut and flagged. */
    static final int MAX_TAG_CHARS = 128;
    /** Characters kept of a product name (Vol 1 5-2.2.1.7: SHORT_STRING, at most 32 in practice). */
    static final int MAX_NAME_CHARS = 64;
    /** Point values kept per message; further values of a large tag read or write are not kept. */
    static final int MAX_VALUES_PER_MESSAGE = 256;
    /** Extended status words kept per reply (Vol 1 2-4.2: usually 0 or 1). */
    static final int MAX_EXTENDED_STATUS_WORDS = 8;
    /** Connections remembered across the flows of one pipeline, the oldest forgotten first. */
    static final int MAX_CONNECTIONS = 4096;
    /** How deep a request nests in another (Unconnected Send in a Multiple Service Packet): 2. */
    static final int MAX_NESTING = 2;
}
