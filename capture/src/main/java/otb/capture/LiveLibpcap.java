package otb.capture;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;
import org.pcap4j.core.RawPacketListener;

/**
 * The only class of otb that touches libpcap (through pcap4j and JNA). It opens an interface for
 * receiving, reads raw frames with {@code pcap_loop} and a raw listener (no pcap4j packet
 * objects), reads {@code pcap_stats} and lists interfaces.
 *
 * <p>Receive only: otb never transmits. This class is package-private, never hands its
 * {@link PcapHandle} out, and calls none of libpcap's injection functions ({@code sendPacket},
 * {@code pcap_inject}, {@code pcap_sendpacket}); {@code LiveLibpcapConfinementTest} checks the
 * compiled classes for that.
 */
final class LiveLibpcap implements AutoCloseable {
    /** libpcap's PCAP_ERROR_NO_SUCH_DEVICE (pcap/pcap.h). */
    private static final int ERROR_NO_SUCH_DEVICE = -5;
    /** libpcap's PCAP_ERROR_PERM_DENIED. */
    private static final int ERROR_PERMISSION_DENIED = -8;
    /** libpcap's PCAP_ERROR_IFACE_NOT_UP. */
    private static final int ERROR_INTERFACE_NOT_UP = -9;
    /** Read timeout handed to libpcap; with immediate mode each packet wakes the reader anyway. */
    private static final int READ_TIMEOUT_MILLIS = 100;

    /** Receives each frame on the capture thread; the array is fresh and may be kept. */
    interface FrameSink {
        void frame(byte[] frame, long timestampNanos, int originalLength);
    }

    /** Why an open failed, so callers can tell a permanent fault from a passing one. */
    enum Failure { NO_SUCH_INTERFACE, PERMISSION_DENIED, INTERFACE_DOWN, BAD_FILTER, OTHER }

    /** An open that failed, with one operator line. */
    static final class OpenException extends Exception {
        private static final long serialVersionUID = 1L;
        final Failure failure;

        OpenException(Failure failure, String message) {
            super(message);
            this.failure = failure;
        }
    }

    private final String interfaceName;
    private final PcapHandle handle;
    private final int linkType;

    private LiveLibpcap(String interfaceName, PcapHandle handle, int linkType) {
        this.interfaceName = interfaceName;
        this.handle = handle;
        this.linkType = linkType;
    }

    /**
     * Opens and activates {@code options.interfaceName()} for receiving and installs the BPF
     * filter, if any.
     */
    static LiveLibpcap open(LiveCaptureOptions options) throws OpenException {
        String name = options.interfaceName();
        PcapHandle handle;
        try {
            handle = build(options, PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            if (e.getReturnCode() == null && String.valueOf(e.getMessage()).contains("precision")) {
                handle = buildOrExplain(options, PcapHandle.TimestampPrecision.MICRO);
            } else {
                throw explain(name, e);
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new OpenException(Failure.OTHER, "cannot load libpcap (" + e.getMessage()
                    + "); install libpcap (Debian: apt-get install libpcap0.8)");
        }
        String filter = options.filter();
        try {
            if (filter != null && !filter.isBlank()) {
                handle.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE, PcapHandle.PCAP_NETMASK_UNKNOWN);
            }
            return new LiveLibpcap(name, handle, handle.getDlt().value());
        } catch (PcapNativeException e) {
            handle.close();
            throw new OpenException(Failure.BAD_FILTER, "bad BPF filter expression '" + filter + "': "
                    + trimFilterError(e.getMessage()));
        } catch (NotOpenException e) {
            throw new OpenException(Failure.OTHER, "interface " + name + " closed while it was being opened");
        }
    }

    private static PcapHandle buildOrExplain(LiveCaptureOptions options, PcapHandle.TimestampPrecision precision)
            throws OpenException {
        try {
            return build(options, precision);
        } catch (PcapNativeException e) {
            throw explain(options.interfaceName(), e);
        }
    }

    private static PcapHandle build(LiveCaptureOptions options, PcapHandle.TimestampPrecision precision)
            throws PcapNativeException {
        return new PcapHandle.Builder(options.interfaceName())
                .snaplen(options.snapLength())
                .promiscuousMode(options.promiscuous() ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                        : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                .timeoutMillis(READ_TIMEOUT_MILLIS)
                .bufferSize(options.kernelBufferBytes())
                .immediateMode(options.immediateMode())
                .timestampPrecision(precision)
                .build();
    }

    private static OpenException explain(String name, PcapNativeException e) {
        Integer code = e.getReturnCode();
        String detail = String.valueOf(e.getMessage());
        if ((code != null && code == ERROR_NO_SUCH_DEVICE) || detail.contains("No such device")) {
            return new OpenException(Failure.NO_SUCH_INTERFACE,
                    "no such interface: " + name + " (list them with 'otb interfaces')");
        }
        if ((code != null && code == ERROR_PERMISSION_DENIED) || detail.contains("permission")) {
            return new OpenException(Failure.PERMISSION_DENIED, "no permission to capture on " + name
                    + ": run as root or grant the capabilities CAP_NET_RAW and CAP_NET_ADMIN");
        }
        if (code != null && code == ERROR_INTERFACE_NOT_UP) {
            return new OpenException(Failure.INTERFACE_DOWN, "interface " + name + " is down");
        }
        return new OpenException(Failure.OTHER, "cannot capture on " + name + ": " + detail);
    }

    /** libpcap's compile error is prefixed by pcap4j's own words; keep libpcap's. */
    private static String trimFilterError(String message) {
        String text = String.valueOf(message);
        int colon = text.indexOf("pcap_compile: ");
        return colon >= 0 ? text.substring(colon + "pcap_compile: ".length()) : text;
    }

    String interfaceName() {
        return interfaceName;
    }

    /** LINKTYPE_* of the frames this handle delivers. */
    int linkType() {
        return linkType;
    }

    /**
     * Reads frames into {@code sink} until {@link #breakLoop()} (returns normally) or a capture
     * error such as the interface disappearing (throws with libpcap's words).
     */
    void loop(FrameSink sink) throws OpenException {
        RawPacketListener listener = frame -> {
            Timestamp time = handle.getTimestamp();
            Integer original = handle.getOriginalLength();
            long nanos = Math.floorDiv(time.getTime(), 1000L) * 1_000_000_000L + time.getNanos();
            sink.frame(frame, nanos, original == null ? frame.length : original);
        };
        try {
            handle.loop(-1, listener);
        } catch (InterruptedException e) {
            // pcap_breakloop: a requested stop, not an error. Interrupt status was not set by it.
        } catch (PcapNativeException e) {
            throw new OpenException(Failure.OTHER, String.valueOf(e.getMessage()).replace("Error occurred: ", ""));
        } catch (NotOpenException e) {
            // closed from another thread: treat as a stop
        }
    }

    /** Makes a running {@link #loop} return soon; safe from any thread. */
    void breakLoop() {
        try {
            handle.breakLoop();
        } catch (NotOpenException e) {
            // already closed: nothing is looping
        }
    }

    /**
     * Reads pcap_stats into {@code into}: [0] packets received by the filter, [1] dropped by the
     * kernel (buffer full), [2] dropped by the interface. Returns false when unavailable.
     */
    boolean statistics(long[] into) {
        try {
            PcapStat stat = handle.getStats();
            into[0] = stat.getNumPacketsReceived();
            into[1] = stat.getNumPacketsDropped();
            into[2] = stat.getNumPacketsDroppedByIf();
            return true;
        } catch (PcapNativeException | NotOpenException e) {
            return false;
        }
    }

    @Override
    public void close() {
        handle.close();
    }

    /** Every interface libpcap can capture on, in libpcap's order. */
    static List<InterfaceDescription> listInterfaces() throws OpenException {
        List<PcapNetworkInterface> devices;
        try {
            devices = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("No NIF")) {
                return List.of();
            }
            throw new OpenException(Failure.OTHER, "cannot list interfaces: " + message);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new OpenException(Failure.OTHER, "cannot load libpcap (" + e.getMessage()
                    + "); install libpcap (Debian: apt-get install libpcap0.8)");
        }
        List<InterfaceDescription> list = new ArrayList<>(devices.size());
        for (PcapNetworkInterface device : devices) {
            List<String> addresses = new ArrayList<>();
            for (PcapAddress address : device.getAddresses()) {
                if (address.getAddress() != null) {
                    addresses.add(withPrefix(address.getAddress(), address.getNetmask()));
                }
            }
            int linkType = -1;
            String linkTypeName = "";
            String problem = "";
            try {
                PcapHandle probe = new PcapHandle.Builder(device.getName()).snaplen(64).timeoutMillis(1).build();
                try {
                    linkType = probe.getDlt().value();
                    linkTypeName = Pcaps.dataLinkValToName(linkType);
                } finally {
                    probe.close();
                }
            } catch (PcapNativeException e) {
                problem = explain(device.getName(), e).getMessage();
            }
            list.add(new InterfaceDescription(device.getName(),
                    device.getDescription() == null ? "" : device.getDescription(), List.copyOf(addresses),
                    linkType, linkTypeName, device.isUp(), device.isRunning(), device.isLoopBack(), problem));
        }
        return list;
    }

    private static String withPrefix(InetAddress address, InetAddress netmask) {
        String text = address instanceof Inet4Address
                ? address.getHostAddress()
                : IpAddress.parse(stripScope(address.getHostAddress())).toString();
        if (netmask == null || netmask.getAddress().length != address.getAddress().length) {
            return text;
        }
        int prefix = 0;
        for (byte b : netmask.getAddress()) {
            prefix += Integer.bitCount(b & 0xFF);
        }
        return text + "/" + prefix;
    }

    private static String stripScope(String text) {
        int percent = text.indexOf('%');
        return percent >= 0 ? text.substring(0, percent) : text;
    }
}
