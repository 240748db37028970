package otb.capture;

/**
 * Flows by key in an open-addressing hash table (linear probing, backward-shift deletion) and
 * a least-recently-used list through the entries. Lookups compare primitive fields against a
 * probe key set from the packet, so finding a flow allocates nothing. The table starts small and
 * doubles as flows arrive, up to what {@code maxFlows} needs, so a large budget costs memory only
 * once the traffic fills it.
 */
final class FlowTable {
    /** Slots allocated at first: 4 KiB of references. */
    static final int INITIAL_CAPACITY = 1024;

    private FlowEntry[] slots;
    private int mask;
    private final int maxCapacity;
    private final int maxFlows;
    private int size;
    private FlowEntry oldest;
    private FlowEntry newest;

    // Probe key, set by key(); endpoint A is the lower endpoint.
    private int keyVlan;
    private int keyProtocol;
    private boolean keyV6;
    private long keyAHigh;
    private long keyALow;
    private int keyAPort;
    private long keyBHigh;
    private long keyBLow;
    private int keyBPort;
    private int keyHash;
    /** True when the packet of the last key() travels from endpoint A to endpoint B. */
    boolean packetFromA;

    FlowTable(int maxFlows) {
        if (maxFlows < 1) {
            throw new IllegalArgumentException("maxFlows must be at least 1: " + maxFlows);
        }
        this.maxFlows = maxFlows;
        // At most half full, so probe sequences stay short.
        this.maxCapacity = Integer.highestOneBit(Math.max(8, maxFlows) * 2 - 1) << 1;
        int capacity = Math.min(maxCapacity, INITIAL_CAPACITY);
        this.slots = new FlowEntry[capacity];
        this.mask = capacity - 1;
    }

    /** Slots allocated now (for tests of the growth). */
    int capacity() {
        return slots.length;
    }

    /** Doubles the slots and re-inserts every entry (the recency list is unchanged). */
    private void grow() {
        FlowEntry[] grown = new FlowEntry[slots.length * 2];
        int grownMask = grown.length - 1;
        for (FlowEntry entry = oldest; entry != null; entry = entry.newer) {
            int index = entry.hash & grownMask;
            while (grown[index] != null) {
                index = (index + 1) & grownMask;
            }
            grown[index] = entry;
        }
        slots = grown;
        mask = grownMask;
    }

    int size() {
        return size;
    }

    boolean full() {
        return size >= maxFlows;
    }

    FlowEntry oldest() {
        return oldest;
    }

    /** Sets the probe key from a decoded packet. */
    void key(Packet packet) {
        long sourceHigh = packet.sourceHigh;
        long sourceLow = packet.sourceLow;
        long destinationHigh = packet.destinationHigh;
        long destinationLow = packet.destinationLow;
        int sourcePort = packet.sourcePort;
        int destinationPort = packet.destinationPort;
        int order = Long.compareUnsigned(sourceHigh, destinationHigh);
        if (order == 0) {
            order = Long.compareUnsigned(sourceLow, destinationLow);
        }
        if (order == 0) {
            order = Integer.compare(sourcePort, destinationPort);
        }
        packetFromA = order <= 0;
        if (packetFromA) {
            keyAHigh = sourceHigh;
            keyALow = sourceLow;
            keyAPort = sourcePort;
            keyBHigh = destinationHigh;
            keyBLow = destinationLow;
            keyBPort = destinationPort;
        } else {
            keyAHigh = destinationHigh;
            keyALow = destinationLow;
            keyAPort = destinationPort;
            keyBHigh = sourceHigh;
            keyBLow = sourceLow;
            keyBPort = sourcePort;
        }
        keyVlan = packet.vlan();
        keyProtocol = packet.ipProtocol;
        keyV6 = packet.ipVersion == 6;
        long h = keyALow;
        h = h * 0x9E37_79B9_7F4A_7C15L + keyBLow;
        h = h * 0x9E37_79B9_7F4A_7C15L + keyAHigh;
        h = h * 0x9E37_79B9_7F4A_7C15L + keyBHigh;
        h = h * 0x9E37_79B9_7F4A_7C15L + (((long) keyAPort << 16) | keyBPort);
        h = h * 0x9E37_79B9_7F4A_7C15L + (((long) keyVlan << 8) | keyProtocol);
        h ^= h >>> 31;
        h *= 0xBF58_476D_1CE4_E5B9L;
        h ^= h >>> 29;
        keyHash = (int) h;
    }

    /** The entry of the probe key, or null. */
    FlowEntry find() {
        FlowEntry[] table = slots;
        int index = keyHash & mask;
        while (true) {
            FlowEntry entry = table[index];
            if (entry == null) {
                return null;
            }
            if (entry.hash == keyHash && entry.aLow == keyALow && entry.bLow == keyBLow && entry.aPort == keyAPort
                    && entry.bPort == keyBPort && entry.protocol == keyProtocol && entry.vlan == keyVlan
                    && entry.aHigh == keyAHigh && entry.bHigh == keyBHigh && entry.v6 == keyV6) {
                return entry;
            }
            index = (index + 1) & mask;
        }
    }

    /** Adds an entry for the probe key as the most recently used; the caller made room. */
    FlowEntry insert() {
        FlowEntry entry = new FlowEntry();
        entry.vlan = keyVlan;
        entry.protocol = keyProtocol;
        entry.v6 = keyV6;
        entry.aHigh = keyAHigh;
        entry.aLow = keyALow;
        entry.aPort = keyAPort;
        entry.bHigh = keyBHigh;
        entry.bLow = keyBLow;
        entry.bPort = keyBPort;
        entry.hash = keyHash;
        if (2 * (size + 1) > slots.length && slots.length < maxCapacity) {
            grow();
        }
        int index = keyHash & mask;
        while (slots[index] != null) {
            index = (index + 1) & mask;
        }
        slots[index] = entry;
        size++;
        linkNewest(entry);
        return entry;
    }

    void remove(FlowEntry entry) {
        int index = entry.hash & mask;
        while (slots[index] != entry) {
            if (slots[index] == null) {
                return;
            }
            index = (index + 1) & mask;
        }
        // Backward-shift deletion: move later entries of the probe run into the hole.
        int hole = index;
        slots[hole] = null;
        int next = (hole + 1) & mask;
        while (slots[next] != null) {
            int home = slots[next].hash & mask;
            boolean movable = hole <= next ? (home <= hole || home > next) : (home <= hole && home > next);
            if (movable) {
                slots[hole] = slots[next];
                slots[next] = null;
                hole = next;
            }
            next = (next + 1) & mask;
        }
        size--;
        unlink(entry);
    }

    /** Marks an entry as the most recently used. */
    void touch(FlowEntry entry) {
        if (entry != newest) {
            unlink(entry);
            linkNewest(entry);
        }
    }

    private void linkNewest(FlowEntry entry) {
        entry.older = newest;
        entry.newer = null;
        if (newest != null) {
            newest.newer = entry;
        } else {
            oldest = entry;
        }
        newest = entry;
    }

    private void unlink(FlowEntry entry) {
        if (entry.older != null) {
            entry.older.newer = entry.newer;
        } else {
            oldest = entry.newer;
        }
        if (entry.newer != null) {
            entry.newer.older = entry.older;
        } else {
            newest = entry.older;
        }
        entry.older = null;
        entry.newer = null;
    }
}
