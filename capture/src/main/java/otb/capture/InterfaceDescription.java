package otb.capture;

import java.util.List;

/**
 * A network interface libpcap can capture on, as {@code otb interfaces} shows it.
 *
 * @param name         the name to pass to live capture ({@code eth0}, {@code any})
 * @param description  libpcap's description, often empty on Linux
 * @param addresses    IPv4 and IPv6 addresses with their prefix length ({@code 192.0.2.2/24})
 * @param linkType     LINKTYPE_* of frames captured there, or -1 when the interface could not be opened
 * @param linkTypeName libpcap's name of the link type ({@code EN10MB}), empty when unknown
 * @param up           administratively up
 * @param running      up and with carrier (operationally running)
 * @param loopback     the loopback interface
 * @param problem      why the link type is unknown (no permission, ...), empty when known
 */
public record InterfaceDescription(String name, String description, List<String> addresses, int linkType,
                                   String linkTypeName, boolean up, boolean running, boolean loopback,
                                   String problem) {

    /** Lists every interface libpcap can capture on; opening each briefly to learn its link type. */
    public static List<InterfaceDescription> listAll() throws CaptureException {
        try {
            return LiveLibpcap.listInterfaces();
        } catch (LiveLibpcap.OpenException e) {
            throw e.toCaptureException();
        }
    }
}
