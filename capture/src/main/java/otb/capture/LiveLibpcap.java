package otb.capture;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/**
 * The only class of otb that touches libpcap (through JNA, and pcap4j for listing interfaces).
 * It opens an interface for receiving, reads raw frames with {@code pcap_next_ex} straight into
 * the caller's byte array (no per-frame object, no intermediate copy), reads {@code pcap_stats}
 * and lists interfaces.
 *
 * <p>Why not pcap4j's {@code loop} with a raw listener: it calls back from native code per frame
 * through JNA's reflective callback path and allocates a frame array, a {@code Timestamp}, a
 * {@code Runnable} and a boxed length per frame. Capturing the same 2 million frames at
 * 200 k frames/s without loss, the whole process used 1.8-2.0 s of CPU with pcap4j's loop and
 * 1.1-1.2 s with this mapping (capture/bench/README.md). pcap4j gives no access to its
 * {@code pcap_t}, so the handle is opened here with the same libpcap calls; pcap4j still lists
 * interfaces.
 *
 * <p>Receive only: otb never transmits. libpcap's injection functions ({@code pcap_inject},
 * {@code pcap_sendpacket}) are not mapped, this class is package-private and never hands its
 * {@code pcap_t} out; {@code LiveLibpcapConfinementTest} checks the compiled classes for that.
 */
final class LiveLibpcap implements AutoCloseable {
    /** PCAP_ERRBUF_SIZE (pcap/pcap.h). */
    private static final int ERRBUF_SIZE = 256;
    /** Return codes from pcap/pcap.h. */
    private static final int ERROR = -1;
    private static final int ERROR_BREAK = -2;
    private static final int ERROR_NO_SUCH_DEVICE = -5;
    private static final int ERROR_PERMISSION_DENIED = -8;
    private static final int ERROR_INTERFACE_NOT_UP = -9;
    private static final int ERROR_TIMESTAMP_PRECISION_NOT_SUPPORTED = -12;
    /** PCAP_TSTAMP_PRECISION_NANO. */
    private static final int TIMESTAMP_PRECISION_NANO = 1;
    /** PCAP_NETMASK_UNKNOWN: for filters that test broadcast addresses; otb's do not need it. */
    private static final int NETMASK_UNKNOWN = 0xFFFF_FFFF;
    /**
     * Read timeout handed to libpcap: without immediate mode, the longest a frame waits in a
     * kernel block before it is delivered.
     */
    private static final int READ_TIMEOUT_MILLIS = 100;
    /**
     * struct pcap_pkthdr: struct timeval (tv_sec a C long, tv_usec a C long on Linux and an int on
     * macOS, little-endian either way so its low 32 bits read the same), caplen, len (u_int).
     */
    private static final int HEADER_SECONDS = 0;
    private static final int HEADER_FRACTION = Native.LONG_SIZE;
    private static final int HEADER_CAPTURED_LENGTH = 2 * Native.LONG_SIZE;
    private static final int HEADER_ORIGINAL_LENGTH = 2 * Native.LONG_SIZE + 4;
    /** struct bpf_program: u_int bf_len, then a pointer (aligned). */
    private static final int BPF_PROGRAM_BYTES = 2 * Native.POINTER_SIZE;
    /** struct pcap_stat: ps_recv, ps_drop, ps_ifdrop (u_int each), padded. */
    private static final int STAT_BYTES = 16;

    /** Direct mapping of the libpcap functions otb uses, and no others. */
    private static final class Functions {
        static native Pointer pcap_create(String source, Pointer errbuf);
        static native int pcap_set_snaplen(Pointer pcap, int snapLength);
        static native int pcap_set_promisc(Pointer pcap, int promiscuous);
        static native int pcap_set_timeout(Pointer pcap, int milliseconds);
        static native int pcap_set_buffer_size(Pointer pcap, int bytes);
        static native int pcap_set_immediate_mode(Pointer pcap, int immediate);
        static native int pcap_set_tstamp_precision(Pointer pcap, int precision);
        static native int pcap_activate(Pointer pcap);
        static native int pcap_datalink(Pointer pcap);
        static native String pcap_datalink_val_to_name(int linkType);
        static native int pcap_compile(Pointer pcap, Pointer program, String expression, int optimize, int netmask);
        static native int pcap_setfilter(Pointer pcap, Pointer program);
        static native void pcap_freecode(Pointer program);
        static native int pcap_next_ex(Pointer pcap, Pointer headerOut, Pointer dataOut);
        static native int pcap_stats(Pointer pcap, Pointer stat);
        static native void pcap_breakloop(Pointer pcap);
        static native String pcap_geterr(Pointer pcap);
        static native void pcap_close(Pointer pcap);

        static {
            Native.register(Functions.class, NativeLibrary.getInstance("pcap"));
        }
    }

    /** Receives each frame on the capture thread. */
    interface FrameSink {
        /**
         * Where to put a frame of {@code length} bytes: an offset into {@link #buffer()}, or -1 to
         * drop it (the sink counts that).
         */
        int reserve(int length);

        /** The array {@link #reserve} offsets point into. */
        byte[] buffer();

        /** The frame reserved last has been written. */
        void publish(int length, long timestampNanos, int originalLength);
    }

    /** An open or a read that failed, with one operator line. */
    static final class OpenException extends Exception {
        private static final long serialVersionUID = 1L;
        final LiveCaptureException.Reason failure;

        OpenException(LiveCaptureException.Reason failure, String message) {
            super(message);
            this.failure = failure;
        }

        LiveCaptureException toCaptureException() {
            return new LiveCaptureException(failure, getMessage());
        }
    }

    private final String interfaceName;
    private final int linkType;
    private final boolean nanosecondTimestamps;
    /** The pcap_t; closed once. */
    private final Pointer pcap;
    private final Object closeLock = new Object();
    private volatile boolean closed;
    // Capture-thread scratch: pcap_next_ex's out-parameters and reusable views of what they point at.
    private final Memory nextOut = new Memory(2L * Native.POINTER_SIZE);
    private final Pointer nextDataOut = nextOut.share(Native.POINTER_SIZE);
    private final Pointer headerView = new Pointer(0);
    private final Pointer dataView = new Pointer(0);
    private final Memory stat = new Memory(STAT_BYTES);
    // pcap_stats counters are 32-bit and wrap; these extend them to 64 bits.
    private final long[] lastRaw = new long[3];
    private final long[] extended = new long[3];

    private LiveLibpcap(String interfaceName, Pointer pcap, int linkType, boolean nanosecondTimestamps) {
        this.interfaceName = interfaceName;
        this.pcap = pcap;
        this.linkType = linkType;
        this.nanosecondTimestamps = nanosecondTimestamps;
    }

    private static void loadLibrary() throws OpenException {
        try {
            Class.forName(Functions.class.getName(), true, LiveLibpcap.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new OpenException(LiveCaptureException.Reason.NO_LIBPCAP, "cannot load libpcap (" + firstLine(cause.getMessage())
                    + "); install it (Debian: apt-get install libpcap0.8)");
        }
    }

    /**
     * Opens and activates {@code options.interfaceName()} for receiving and installs the BPF
     * filter, if any.
     */
    static LiveLibpcap open(LiveCaptureOptions options) throws OpenException {
        loadLibrary();
        String name = options.interfaceName();
        Memory errbuf = new Memory(ERRBUF_SIZE);
        errbuf.setByte(0, (byte) 0);
        Pointer pcap = Functions.pcap_create(name, errbuf);
        if (pcap == null) {
            throw new OpenException(LiveCaptureException.Reason.OTHER, "cannot capture on " + name + ": " + errbuf.getString(0));
        }
        boolean ok = false;
        try {
            // pcap_set_* only fail on an already activated handle; their results are checked anyway.
            check(pcap, name, Functions.pcap_set_snaplen(pcap, options.snapLength()));
            check(pcap, name, Functions.pcap_set_promisc(pcap, options.promiscuous() ? 1 : 0));
            check(pcap, name, Functions.pcap_set_timeout(pcap, READ_TIMEOUT_MILLIS));
            check(pcap, name, Functions.pcap_set_buffer_size(pcap, options.kernelBufferBytes()));
            check(pcap, name, Functions.pcap_set_immediate_mode(pcap, options.immediateMode() ? 1 : 0));
            int precision = Functions.pcap_set_tstamp_precision(pcap, TIMESTAMP_PRECISION_NANO);
            boolean nanoseconds = precision == 0;
            if (precision != 0 && precision != ERROR_TIMESTAMP_PRECISION_NOT_SUPPORTED) {
                check(pcap, name, precision);
            }
            int activated = Functions.pcap_activate(pcap);
            if (activated < 0) {
                throw explain(name, activated, Functions.pcap_geterr(pcap));
            }
            String filter = options.filter();
            if (!filter.isBlank()) {
                installFilter(pcap, filter);
            }
            LiveLibpcap handle = new LiveLibpcap(name, pcap, Functions.pcap_datalink(pcap), nanoseconds);
            ok = true;
            return handle;
        } finally {
            if (!ok) {
                Functions.pcap_close(pcap);
            }
        }
    }

    private static void check(Pointer pcap, String name, int result) throws OpenException {
        if (result < 0) {
            throw explain(name, result, Functions.pcap_geterr(pcap));
        }
    }

    private static void installFilter(Pointer pcap, String filter) throws OpenException {
        Memory program = new Memory(BPF_PROGRAM_BYTES);
        program.clear();
        if (Functions.pcap_compile(pcap, program, filter, 1, NETMASK_UNKNOWN) < 0) {
            throw new OpenException(LiveCaptureException.Reason.BAD_FILTER, "bad BPF filter expression '" + filter + "': "
                    + firstLine(Functions.pcap_geterr(pcap)));
        }
        try {
            if (Functions.pcap_setfilter(pcap, program) < 0) {
                throw new OpenException(LiveCaptureException.Reason.BAD_FILTER, "cannot install BPF filter '" + filter + "': "
                        + firstLine(Functions.pcap_geterr(pcap)));
            }
        } finally {
            Functions.pcap_freecode(program);
        }
    }

    private static OpenException explain(String name, int code, String detail) {
        String text = firstLine(detail);
        if (code == ERROR_NO_SUCH_DEVICE || text.contains("No such device")) {
            return new OpenException(LiveCaptureException.Reason.NO_SUCH_INTERFACE,
                    "no such interface: " + name + " (list them with 'otb interfaces')");
        }
        if (code == ERROR_PERMISSION_DENIED || text.contains("Operation not permitted")) {
            return new OpenException(LiveCaptureException.Reason.PERMISSION_DENIED, "no permission to capture on " + name
                    + ": run as root or grant the capabilities CAP_NET_RAW and CAP_NET_ADMIN");
        }
        if (code == ERROR_INTERFACE_NOT_UP) {
            return new OpenException(LiveCaptureException.Reason.INTERFACE_DOWN, "interface " + name + " is down");
        }
        return new OpenException(LiveCaptureException.Reason.OTHER, "cannot capture on " + name + ": " + text);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return (newline >= 0 ? text.substring(0, newline) : text).trim();
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
     * error such as the interface disappearing (throws with libpcap's words). Capture thread only.
     */
    void loop(FrameSink sink) throws OpenException {
        long fractionToNanos = nanosecondTimestamps ? 1 : 1_000;
        while (true) {
            int result = Functions.pcap_next_ex(pcap, nextOut, nextDataOut);
            if (result == 1) {
                Pointer.nativeValue(headerView, nextOut.getLong(0));
                Pointer.nativeValue(dataView, nextOut.getLong(Native.POINTER_SIZE));
                long seconds = Native.LONG_SIZE == 8 ? headerView.getLong(HEADER_SECONDS)
                        : headerView.getInt(HEADER_SECONDS) & 0xFFFF_FFFFL;
                long fraction = headerView.getInt(HEADER_FRACTION) & 0xFFFF_FFFFL;
                int captured = headerView.getInt(HEADER_CAPTURED_LENGTH);
                int original = headerView.getInt(HEADER_ORIGINAL_LENGTH);
                if (captured < 0 || captured > LiveCaptureOptions.MAX_SNAP_LENGTH) {
                    continue; // libpcap never gives more than the snap length; refuse rather than trust it
                }
                int offset = sink.reserve(captured);
                if (offset >= 0) {
                    dataView.read(0, sink.buffer(), offset, captured);
                    sink.publish(captured, seconds * 1_000_000_000L + fraction * fractionToNanos,
                            original < 0 ? Integer.MAX_VALUE : original);
                }
            } else if (result == 0) {
                // read timeout with nothing captured: look again
                if (closed) {
                    return;
                }
            } else if (result == ERROR_BREAK) {
                return;
            } else {
                throw new OpenException(LiveCaptureException.Reason.OTHER, firstLine(Functions.pcap_geterr(pcap)));
            }
        }
    }

    /** Makes a running {@link #loop} return soon; safe from any thread. */
    void breakLoop() {
        synchronized (closeLock) {
            if (!closed) {
                Functions.pcap_breakloop(pcap);
            }
        }
    }

    /**
     * Reads pcap_stats into {@code into}: [0] packets received by the filter, [1] dropped by the
     * kernel (buffer full), [2] dropped by the interface, each counted since the open and extended
     * past libpcap's 32 bits. Returns false when unavailable.
     */
    boolean statistics(long[] into) {
        synchronized (closeLock) {
            if (closed || Functions.pcap_stats(pcap, stat) < 0) {
                return false;
            }
            for (int i = 0; i < 3; i++) {
                long raw = stat.getInt(4L * i) & 0xFFFF_FFFFL;
                extended[i] += (raw - lastRaw[i]) & 0xFFFF_FFFFL;
                lastRaw[i] = raw;
                into[i] = extended[i];
            }
            return true;
        }
    }

    /** Closes the handle; the caller makes sure {@link #loop} is not running. */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (!closed) {
                closed = true;
                Functions.pcap_close(pcap);
            }
        }
    }

    /** libpcap's name of a link type ({@code EN10MB}), or "" when unknown or libpcap is missing. */
    static String linkTypeName(int linkType) {
        try {
            loadLibrary();
            String name = Functions.pcap_datalink_val_to_name(linkType);
            return name == null ? "" : name;
        } catch (OpenException e) {
            return "";
        }
    }

    /** Every interface libpcap can capture on, in libpcap's order. */
    static List<InterfaceDescription> listInterfaces() throws OpenException {
        loadLibrary();
        List<PcapNetworkInterface> devices;
        try {
            devices = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("No NIF")) {
                return List.of();
            }
            throw new OpenException(LiveCaptureException.Reason.OTHER, "cannot list interfaces: " + firstLine(message));
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
            String problem = "";
            try (LiveLibpcap probe = open(new LiveCaptureOptions(device.getName(), LiveCaptureOptions.MIN_SNAP_LENGTH,
                    false, "", LiveCaptureOptions.MIN_KERNEL_BUFFER_BYTES, false, 2,
                    2 * LiveCaptureOptions.MIN_SNAP_LENGTH, java.time.Duration.ofSeconds(1),
                    java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1)))) {
                linkType = probe.linkType();
            } catch (OpenException e) {
                problem = e.getMessage();
            }
            list.add(new InterfaceDescription(device.getName(),
                    device.getDescription() == null ? "" : device.getDescription(), List.copyOf(addresses),
                    linkType, linkType < 0 ? "" : linkTypeName(linkType), device.isUp(), device.isRunning(),
                    device.isLoopBack(), problem));
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
