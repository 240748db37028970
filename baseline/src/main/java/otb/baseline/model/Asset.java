package otb.baseline.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import otb.capture.IpAddress;

/** A device seen on the network: address, MACs, roles, identity, first and last seen. */
public final class Asset {
    public static final int MAX_MACS = 8;
    public static final int MAX_IDENTITY_ENTRIES = 32;
    public static final int MAX_IDENTITY_VALUE_LENGTH = 256;

    final IpAddress address;
    final String cell;
    final List<Long> macs = new ArrayList<>(1);
    final TreeSet<String> roles = new TreeSet<>();
    final TreeMap<String, String> identity = new TreeMap<>();
    private final List<Long> macsView = Collections.unmodifiableList(macs);
    private final SortedSet<String> rolesView = Collections.unmodifiableSortedSet(roles);
    private final Map<String, String> identityView = Collections.unmodifiableMap(identity);
    long firstSeenNanos;
    long lastSeenNanos;

    Asset(IpAddress address, String cell, long firstSeenNanos) {
        this.address = address;
        this.cell = cell;
        this.firstSeenNanos = firstSeenNanos;
        this.lastSeenNanos = firstSeenNanos;
    }

    /** Returns true when the MAC was new. */
    public boolean addMac(long mac) {
        if (mac == 0 || macs.contains(mac) || macs.size() >= MAX_MACS) {
            return false;
        }
        macs.add(mac);
        return true;
    }

    /** Returns true when the role was new. */
    public boolean addRole(String role) {
        return roles.add(role);
    }

    /** Seen at capture time {@code nanos}: moves last seen forward. */
    public void seen(long nanos) {
        if (nanos > lastSeenNanos) {
            lastSeenNanos = nanos;
        }
    }

    /** Returns true when the identity changed. */
    public boolean addIdentity(Map<String, String> revealed) {
        boolean changed = false;
        for (Map.Entry<String, String> entry : revealed.entrySet()) {
            String value = entry.getValue();
            if (value.length() > MAX_IDENTITY_VALUE_LENGTH) {
                value = value.substring(0, MAX_IDENTITY_VALUE_LENGTH);
            }
            if (!identity.containsKey(entry.getKey()) && identity.size() >= MAX_IDENTITY_ENTRIES) {
                continue;
            }
            changed |= !value.equals(identity.put(entry.getKey(), value));
        }
        return changed;
    }

    void merge(Asset other) {
        for (Long mac : other.macs) {
            addMac(mac);
        }
        roles.addAll(other.roles);
        addIdentity(other.identity);
        firstSeenNanos = Baseline.earliest(firstSeenNanos, other.firstSeenNanos);
        lastSeenNanos = Math.max(lastSeenNanos, other.lastSeenNanos);
    }

    public IpAddress address() { return address; }

    public String cell() { return cell; }

    /** MACs in the low 48 bits; a read-only view. */
    public List<Long> macs() { return macsView; }

    /**
     * e.g. {@code modbus_client}, {@code s7_plc}, {@code dnp3_outstation}, {@code smb_server}; a
     * read-only view, sorted.
     */
    public SortedSet<String> roles() { return rolesView; }

    /** What the device revealed about itself (vendor, product, ...), sorted by key; a read-only view. */
    public Map<String, String> identity() { return identityView; }

    public long firstSeenNanos() { return firstSeenNanos; }

    public long lastSeenNanos() { return lastSeenNanos; }

    /** {@code aa:bb:cc:dd:ee:ff}. */
    public static String macText(long mac) {
        StringBuilder text = new StringBuilder(17);
        for (int shift = 40; shift >= 0; shift -= 8) {
            if (text.length() > 0) {
                text.append(':');
            }
            text.append(Character.forDigit((int) (mac >>> (shift + 4)) & 0xF, 16));
            text.append(Character.forDigit((int) (mac >>> shift) & 0xF, 16));
        }
        return text.toString();
    }
}
