package otb.baseline.model;

import java.util.Map;
import java.util.Set;
import otb.capture.Transport;
import otb.dissect.Protocols;

/**
 * A guess of the service a non-industrial conversation carries, from its transport and server
 * port (IANA registrations and well-known tool defaults). A guess, not a detection: the bytes
 * are not inspected.
 */
public final class Services {
    private Services() {
    }

    private static final Map<Integer, String> TCP = Map.ofEntries(
            Map.entry(20, "ftp-data"), Map.entry(21, "ftp"), Map.entry(22, "ssh"), Map.entry(23, "telnet"),
            Map.entry(25, "smtp"), Map.entry(53, "dns"), Map.entry(80, "http"), Map.entry(88, "kerberos"),
            Map.entry(102, "iso-tsap"), Map.entry(110, "pop3"), Map.entry(135, "msrpc"), Map.entry(139, "smb"),
            Map.entry(143, "imap"), Map.entry(389, "ldap"), Map.entry(443, "https"), Map.entry(445, "smb"),
            Map.entry(636, "ldaps"), Map.entry(1433, "mssql"), Map.entry(1883, "mqtt"),
            Map.entry(2404, "iec104"), Map.entry(3306, "mysql"), Map.entry(3389, "rdp"), Map.entry(4444, "shell-4444"),
            Map.entry(4840, "opcua"), Map.entry(4899, "radmin"), Map.entry(5432, "postgresql"),
            Map.entry(5500, "vnc"), Map.entry(5800, "vnc"), Map.entry(5900, "vnc"), Map.entry(5901, "vnc"),
            Map.entry(5902, "vnc"), Map.entry(5938, "teamviewer"), Map.entry(5985, "winrm"), Map.entry(5986, "winrm"),
            Map.entry(6667, "irc"), Map.entry(7070, "anydesk"), Map.entry(8080, "http"), Map.entry(8443, "https"),
            Map.entry(44818, "enip"));
    private static final Map<Integer, String> UDP = Map.ofEntries(
            Map.entry(53, "dns"), Map.entry(67, "dhcp"), Map.entry(68, "dhcp"), Map.entry(69, "tftp"),
            Map.entry(123, "ntp"), Map.entry(137, "netbios-ns"), Map.entry(138, "netbios-dgm"), Map.entry(161, "snmp"),
            Map.entry(162, "snmp-trap"), Map.entry(500, "ike"), Map.entry(514, "syslog"), Map.entry(1900, "ssdp"),
            Map.entry(2222, "enip-io"), Map.entry(5353, "mdns"), Map.entry(44818, "enip"),
            Map.entry(47808, "bacnet"));

    /** EtherTypes of layer-2 conversations (IEEE registry) that industrial and infrastructure networks carry. */
    private static final Map<Integer, String> ETHERNET = Map.ofEntries(
            Map.entry(0x8809, "lacp"), Map.entry(0x888E, "eapol"), Map.entry(0x8892, "profinet"),
            Map.entry(0x88A4, "ethercat"), Map.entry(0x88AB, "powerlink"), Map.entry(0x88B8, "goose"),
            Map.entry(0x88B9, "gse-management"), Map.entry(0x88BA, "sampled-values"), Map.entry(0x88CC, "lldp"),
            Map.entry(0x88E3, "mrp"), Map.entry(0x88E5, "macsec"), Map.entry(0x88F7, "ptp"),
            Map.entry(0x88FB, "prp"), Map.entry(0x892F, "hsr"));

    /** Services that give a person interactive control of a machine. */
    private static final Set<String> REMOTE_ACCESS = Set.of("ssh", "telnet", "rdp", "vnc", "teamviewer", "anydesk",
            "radmin", "winrm", "shell-4444");

    /**
     * Network infrastructure every subnet uses (name resolution, time, monitoring, logging,
     * addressing): crossing automatic cells it is routine, not an intrusion.
     */
    private static final Set<String> INFRASTRUCTURE = Set.of("dns", "ntp", "snmp", "snmp-trap", "syslog", "dhcp");

    /** e.g. {@code smb}, or {@code tcp/40123} when the port is not a known one. */
    public static String guess(Transport transport, int serverPort) {
        Map<Integer, String> names = switch (transport) {
            case TCP -> TCP;
            case UDP -> UDP;
            case ETHERNET -> ETHERNET;
        };
        String known = names.get(serverPort);
        return known != null ? known : transport.wireName() + "/" + serverPort;
    }

    /** Whether {@code name} is one of the service names {@link #guess} gives (not {@code tcp/PORT}). */
    public static boolean isName(String name) {
        return TCP.containsValue(name) || UDP.containsValue(name) || ETHERNET.containsValue(name);
    }

    /** DNS (53), NTP (123), SNMP (161) and its traps (162), syslog (514), DHCP (67, 68). */
    public static boolean isInfrastructure(String service) {
        return INFRASTRUCTURE.contains(service);
    }

    public static boolean isRemoteAccess(String service) {
        return REMOTE_ACCESS.contains(service);
    }

    /** True for a port-based guess, false for a protocol otb dissected. */
    static boolean isGuess(String service) {
        return Protocols.named(service).isEmpty();
    }
}
