package otb.dissect.enip;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import otb.dissect.ProtocolDetail;

/** The EtherNet/IP and CIP fields of a message beyond the common ones (see the README's record table). */
sealed interface EnipDetail extends ProtocolDetail permits EnipDetail.Encapsulation, EnipDetail.Cip {

    /** The sender context as 16 hex digits, first octet first, as Wireshark prints it. */
    static String context(long senderContext) {
        return String.format(Locale.ROOT, "%016x", Long.reverseBytes(senderContext));
    }

    /**
     * An encapsulation command that carries no CIP message.
     *
     * @param header the encapsulation header
     * @param items  the common packet format item types, when the command has them
     */
    record Encapsulation(EncapsulationHeader header, List<Integer> items) implements EnipDetail {
        public Encapsulation {
            items = List.copyOf(items);
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("session", header.sessionHandle());
            f.put("context", context(header.senderContext()));
            f.put("status", header.status());
            if (!items.isEmpty()) {
                f.put("items", items);
            }
            return f;
        }
    }

    /**
     * A CIP message: explicit (a service, its path, its reply's status) or implicit I/O.
     *
     * @param command          the encapsulation command it rode in (0x6F, 0x70), or -1 for implicit I/O
     * @param sessionHandle    the encapsulation session, or -1
     * @param senderContext    the sender context of unconnected messages, or 0
     * @param connection       the connection id of connected messages, or -1
     * @param sequence         the CIP sequence count of connected messages (16 bits; 32 bits on
     *                         implicit I/O), or -1
     * @param path             the request's path (a reply's, from its request)
     * @param status           general status of a reply, or -1 on requests
     * @param extendedStatus   extended status words of a reply
     * @param serviceIndex     0-based position within a Multiple Service Packet, or -1
     * @param serviceCount     services in that packet, or 0
     * @param routed           true for a request carried by an Unconnected Send (and its reply)
     * @param connectionDetail Forward Open/Close fields, or null
     */
    record Cip(int command, long sessionHandle, long senderContext, long connection, long sequence, CipPath path,
               int status, List<Integer> extendedStatus, int serviceIndex, int serviceCount, boolean routed,
               ConnectionParameters connectionDetail) implements EnipDetail {
        public Cip {
            extendedStatus = List.copyOf(extendedStatus);
        }

        @Override
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            if (command >= 0) {
                f.put("command", command);
                f.put("session", sessionHandle);
            }
            if (connection >= 0) {
                f.put("connection", connection);
                f.put("sequence", sequence);
            } else if (command >= 0) {
                f.put("context", context(senderContext));
            }
            if (path.classId() != CipPath.ABSENT) {
                f.put("class", path.classId());
            }
            if (path.instance() != CipPath.ABSENT) {
                f.put("instance", path.instance());
            }
            if (path.attribute() != CipPath.ABSENT) {
                f.put("attribute", path.attribute());
            }
            if (path.connectionPoint() != CipPath.ABSENT) {
                f.put("connection_point", path.connectionPoint());
            }
            if (path.symbolic()) {
                f.put("tag", path.tag());
            }
            if (status >= 0) {
                f.put("status", status);
                if (!extendedStatus.isEmpty()) {
                    f.put("ext_status", extendedStatus);
                }
            }
            if (serviceIndex >= 0) {
                f.put("service_index", serviceIndex);
                f.put("service_count", serviceCount);
            }
            if (routed) {
                f.put("routed", true);
            }
            if (connectionDetail != null) {
                f.put("connection_parameters", connectionDetail.fields());
            }
            return f;
        }
    }
}
