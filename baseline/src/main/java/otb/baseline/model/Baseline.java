package otb.baseline.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import otb.capture.IpAddress;
import otb.capture.Transport;
import otb.dissect.PointValues;
import otb.dissect.Protocols;

/**
 * The learned model of a network, keyed by cell through its objects: assets, IP conversations,
 * industrial conversations (with their functions, ranges and timing), point value summaries, and
 * learning progress per cell. Every part is mergeable, so a baseline can be extended with more
 * input or combined with another sensor's. Not thread-safe.
 */
public final class Baseline {
    /** The cell addresses of automatic cells past {@link BaselineLimits#maxAutomaticCells} are learned in. */
    public static final String OVERFLOW_CELL = "automatic-overflow";
    private final BaselineLimits limits;
    /** Budgets reached by this object's learning (not stored): per budget, first capture time and objects dropped. */
    private final Map<LearningBudget, long[]> reached = new EnumMap<>(LearningBudget.class);
    /** Points with value-window fingerprints; -1 until counted. */
    private int valueWindows = -1;
    private long valuesNanos;
    private final ValueSummary.WindowBudget valueWindowBudget = this::takeValueWindow;
    /**
     * The order of the value being learned: its message's number in the input ({@link
     * #addValues}'s {@code messageNumber}) and its place in the message, so that points which first
     * asked for a value window can be put in one learner's order after a sharded learning.
     */
    private long valuesOrder;
    /** The order of the first value refused a value window (-1: none yet). */
    long firstWindowRefusal = -1;
    final Map<IpAddress, Asset> assets = new HashMap<>();
    final Map<IpConversationKey, IpConversation> ipConversations = new HashMap<>();
    final Map<ConversationKey, Conversation> conversations = new HashMap<>();
    final Map<PointKey, ValueSummary> points = new HashMap<>();
    /** Sequence counters learned, per sender and counter ({@link SequenceDiscipline}). */
    final Map<SequenceKey, SequenceDiscipline> sequences = new HashMap<>();
    final Map<String, CellProgress> cells = new TreeMap<>();
    final PointCorrelations correlations = new PointCorrelations();
    private final Map<String, CellProgress> cellsView = Collections.unmodifiableMap(cells);
    long messages;
    long droppedObjects;

    public Baseline() {
        this(BaselineLimits.defaults());
    }

    public Baseline(BaselineLimits limits) {
        this.limits = limits;
    }

    static long earliest(long a, long b) {
        if (a == 0) {
            return b;
        }
        return b == 0 ? a : Math.min(a, b);
    }

    public CellProgress cell(String name) {
        return cells.computeIfAbsent(name, CellProgress::new);
    }

    /** The asset at an address, created (and counted as a new object of its cell) when missing. */
    public Asset asset(IpAddress address, String cell, long nanos) {
        return asset(address, cell, nanos, true);
    }

    private Asset asset(IpAddress address, String cell, long nanos, boolean countNew) {
        Asset asset = assets.get(address);
        if (asset == null) {
            if (assets.size() >= limits.maxAssets()) {
                drop(LearningBudget.ASSETS, nanos);
                return null;
            }
            asset = new Asset(address, cell, nanos);
            assets.put(address, asset);
            if (countNew) {
                cell(cell).newObject(nanos);
            }
        }
        return asset;
    }

    /**
     * The IP conversation with this key, created when missing: its service guessed from the
     * transport and port ({@link Services#guess}), first seen at {@code nanos}, counted as a new
     * object of the server's cell. Null, counted as a dropped object, when the conversation is
     * new and {@link BaselineLimits#maxIpConversations} is reached.
     */
    public IpConversation ipConversation(IpConversationKey key, String clientCell, String serverCell, long nanos) {
        IpConversation conversation = ipConversations.get(key);
        if (conversation == null && ipConversations.size() < limits.maxIpConversations()) {
            conversation = new IpConversation(key, Services.guess(key.transport(), key.serverPort()), clientCell,
                    serverCell);
            conversation.firstSeenNanos = nanos;
            ipConversations.put(key, conversation);
            cell(serverCell).newObject(nanos);
        } else if (conversation == null) {
            drop(LearningBudget.IP_CONVERSATIONS, nanos);
        }
        return conversation;
    }

    /**
     * The industrial conversation with this key, created when missing: first seen at
     * {@code nanos}, counted as a new object of the server's cell. Null, counted as a dropped
     * object, when the conversation is new and {@link BaselineLimits#maxConversations} is reached.
     */
    public Conversation conversation(ConversationKey key, Transport transport, int serverPort, String clientCell,
                                     String serverCell, long nanos) {
        Conversation conversation = conversations.get(key);
        if (conversation == null) {
            if (conversations.size() >= limits.maxConversations()) {
                drop(LearningBudget.CONVERSATIONS, nanos);
                return null;
            }
            conversation = new Conversation(key, transport, serverPort, clientCell, serverCell);
            conversation.firstSeenNanos = nanos;
            conversations.put(key, conversation);
            cell(serverCell).newObject(nanos);
        }
        return conversation;
    }

    /**
     * Adds the point values one message of {@code conversation} carried, at capture time
     * {@code nanos}, to the summaries of their points (on the conversation's server, protocol and
     * unit). A point seen for the first time gets a summary, counted as a new object of
     * {@code serverCell}; its value is dropped, counted as a dropped object, when
     * {@link BaselineLimits#maxPoints} is reached.
     *
     * @param written       true when a request wrote the values: the points are setpoints
     * @param messageNumber the message's number in its input (increasing; a shard sees some of the
     *                      numbers): the order of first asks for value windows
     */
    public void addValues(Conversation conversation, PointValues values, long nanos, boolean written,
                          CellProgress serverCell, long messageNumber) {
        if (values.isEmpty()) {
            return;
        }
        Object[] streams = conversation.pointShapes.find(values);
        if (streams == null) {
            streams = new Object[values.size()];
            boolean complete = true;
            ConversationKey key = conversation.key;
            for (int i = 0; i < values.size(); i++) {
                streams[i] = pointStream(conversation, new PointKey(key.server(), key.protocol(), key.unit(),
                        values.space(i), values.address(i)), serverCell, nanos);
                complete &= streams[i] != null;
            }
            if (complete) {
                conversation.pointShapes.put(values, streams);
            }
        }
        for (int i = 0; i < streams.length; i++) {
            if (streams[i] != null) {
                Conversation.PointStream stream = (Conversation.PointStream) streams[i];
                valuesNanos = nanos;
                valuesOrder = messageNumber << VALUE_INDEX_BITS | Math.min(i, (1 << VALUE_INDEX_BITS) - 1);
                double value = values.value(i);
                boolean changed = stream.hasLast && stream.last != value && !Double.isNaN(value);
                stream.summary.add(value, nanos, written, stream, valueWindowBudget);
                if (changed) {
                    correlations.changed(stream.correlation, nanos, limits.maxAssets());
                }
            }
        }
    }

    private Conversation.PointStream pointStream(Conversation conversation, PointKey key, CellProgress serverCell,
                                                 long nanos) {
        Conversation.PointStream stream = conversation.pointStreams.get(key);
        if (stream == null) {
            ValueSummary summary = points.get(key);
            if (summary == null) {
                if (points.size() >= limits.maxPoints()) {
                    drop(LearningBudget.POINTS, nanos);
                    return null;
                }
                summary = new ValueSummary();
                points.put(key, summary);
                serverCell.newObject(nanos);
            }
            stream = new Conversation.PointStream(summary, correlations.handle(key));
            conversation.pointStreams.put(key, stream);
        }
        return stream;
    }

    /** Sequence counters a baseline may hold: {@link #SEQUENCE_COUNTERS_PER_CONVERSATION} per industrial conversation. */
    public static int sequenceCounterBudget(BaselineLimits limits) {
        return (int) Math.min(Integer.MAX_VALUE, (long) limits.maxConversations() * SEQUENCE_COUNTERS_PER_CONVERSATION);
    }

    /** The sequence-counter budget's share of each industrial conversation. */
    public static final int SEQUENCE_COUNTERS_PER_CONVERSATION = 4;

    /**
     * The learned discipline of a sequence counter, created when missing ({@code bits} wide).
     * Null, counted as a dropped object, when it is new and the sequence-counter budget
     * ({@link #sequenceCounterBudget}) is reached.
     */
    public SequenceDiscipline sequence(SequenceKey key, int bits, long nanos) {
        SequenceDiscipline discipline = sequences.get(key);
        if (discipline == null) {
            if (sequences.size() >= sequenceCounterBudget(limits)) {
                drop(LearningBudget.SEQUENCE_COUNTERS, nanos);
                return null;
            }
            discipline = new SequenceDiscipline(bits);
            sequences.put(key, discipline);
        }
        return discipline;
    }

    /** The learned discipline of a sequence counter, null when none was learned. */
    public SequenceDiscipline sequence(SequenceKey key) {
        return sequences.get(key);
    }

    /** Sequence counters learned, sorted by client, server, protocol, counter, direction. */
    public Map<SequenceKey, SequenceDiscipline> sequences() {
        TreeMap<SequenceKey, SequenceDiscipline> sorted = new TreeMap<>(SEQUENCE_ORDER);
        sorted.putAll(sequences);
        return sorted;
    }

    static final Comparator<SequenceKey> SEQUENCE_ORDER = Comparator.comparing(SequenceKey::client)
            .thenComparing(SequenceKey::server).thenComparing(SequenceKey::protocol, Protocols.ORDER)
            .thenComparing(SequenceKey::counter).thenComparing(SequenceKey::toServer);

    /**
     * The cell to learn an automatic cell's addresses in: {@code name} while the baseline holds
     * fewer than {@link BaselineLimits#maxAutomaticCells} cells or already has it, else
     * {@link #OVERFLOW_CELL}.
     */
    public String automaticCell(String name, long nanos) {
        if (cells.containsKey(name) || cells.size() < limits.maxAutomaticCells()) {
            return name;
        }
        reach(LearningBudget.AUTOMATIC_CELLS, nanos);
        return OVERFLOW_CELL;
    }

    /** Bits of {@link #valuesOrder} for the place of a value in its message (a message carries fewer values). */
    private static final int VALUE_INDEX_BITS = 20;

    private boolean takeValueWindow(ValueSummary asking) {
        if (valueWindows < 0) {
            valueWindows = 0;
            for (ValueSummary summary : points.values()) {
                valueWindows += summary.fingerprints != null ? 1 : 0;
            }
        }
        if (valueWindows >= limits.maxValueWindows()) {
            if (firstWindowRefusal < 0) {
                firstWindowRefusal = valuesOrder;
            }
            reach(LearningBudget.VALUE_WINDOWS, valuesNanos);
            return false;
        }
        valueWindows++;
        asking.windowOrder = valuesOrder;
        asking.windowNanos = valuesNanos;
        return true;
    }

    private void drop(LearningBudget budget, long nanos) {
        droppedObjects++;
        reach(budget, nanos);
    }

    private void reach(LearningBudget budget, long nanos) {
        long[] use = reached.computeIfAbsent(budget, b -> new long[] {nanos, 0});
        use[1]++;
    }

    /**
     * How many budgets this baseline's learning reached that a sharded learning cannot merge past
     * (all but the value windows', which {@link BaselineParts#merge} gives back in one learner's order).
     */
    public int unmergeableBudgetsReachedCount() {
        return reached.size() - (reached.containsKey(LearningBudget.VALUE_WINDOWS) ? 1 : 0);
    }

    /** The value-windows budget's refusals: first capture time and count; null when none. */
    long[] valueWindowRefusals() {
        return reached.get(LearningBudget.VALUE_WINDOWS);
    }

    /** Sets the value-windows budget's refusals (a merge of shards). */
    void valueWindowRefusals(long firstNanos, long count, long firstOrder) {
        reached.put(LearningBudget.VALUE_WINDOWS, new long[] {firstNanos, count});
        firstWindowRefusal = firstOrder;
    }

    /** How many budgets this baseline's learning reached (cheap: a live run asks after every message). */
    public int budgetsReachedCount() {
        return reached.size();
    }

    /** Budgets this baseline's learning reached (since it was made or loaded), in budget order. */
    public List<LearningBudget.Reached> budgetsReached() {
        List<LearningBudget.Reached> list = new ArrayList<>();
        for (Map.Entry<LearningBudget, long[]> entry : reached.entrySet()) {
            list.add(new LearningBudget.Reached(entry.getKey(), entry.getKey().limit(limits), entry.getValue()[0],
                    entry.getValue()[1]));
        }
        return list;
    }

    /** Counts one message learned from. */
    public void countMessage() {
        messages++;
    }

    /** Adds everything learned in {@code other} to this baseline. */
    public void merge(Baseline other) {
        for (Asset theirs : other.assets.values()) {
            Asset mine = asset(theirs.address, theirs.cell, theirs.firstSeenNanos, false);
            if (mine != null) {
                mine.merge(theirs);
            }
        }
        for (IpConversation theirs : other.ipConversations.values()) {
            IpConversation mine = ipConversations.get(theirs.key);
            if (mine == null) {
                if (ipConversations.size() >= limits.maxIpConversations()) {
                    drop(LearningBudget.IP_CONVERSATIONS, 0);
                    continue;
                }
                mine = new IpConversation(theirs.key, theirs.service, theirs.clientCell, theirs.serverCell);
                ipConversations.put(theirs.key, mine);
            }
            mine.merge(theirs);
        }
        for (Conversation theirs : other.conversations.values()) {
            Conversation mine = conversations.get(theirs.key);
            if (mine == null) {
                if (conversations.size() >= limits.maxConversations()) {
                    drop(LearningBudget.CONVERSATIONS, 0);
                    continue;
                }
                mine = new Conversation(theirs.key, theirs.transport, theirs.serverPort, theirs.clientCell,
                        theirs.serverCell);
                conversations.put(theirs.key, mine);
            }
            mine.merge(theirs);
        }
        for (Map.Entry<PointKey, ValueSummary> theirs : other.points.entrySet()) {
            ValueSummary mine = points.get(theirs.getKey());
            if (mine == null) {
                if (points.size() >= limits.maxPoints()) {
                    drop(LearningBudget.POINTS, 0);
                    continue;
                }
                mine = new ValueSummary();
                points.put(theirs.getKey(), mine);
            }
            mine.merge(theirs.getValue());
        }
        for (Map.Entry<SequenceKey, SequenceDiscipline> theirs : other.sequences.entrySet()) {
            SequenceDiscipline mine = sequences.get(theirs.getKey());
            if (mine == null) {
                if (sequences.size() >= sequenceCounterBudget(limits)) {
                    drop(LearningBudget.SEQUENCE_COUNTERS, 0);
                    continue;
                }
                mine = new SequenceDiscipline(theirs.getValue().bits);
                sequences.put(theirs.getKey(), mine);
            }
            mine.merge(theirs.getValue());
        }
        valueWindows = -1;
        correlations.merge(other.correlations, points.keySet());
        for (CellProgress theirs : other.cells.values()) {
            cell(theirs.cell).merge(theirs);
        }
        messages += other.messages;
        droppedObjects += other.droppedObjects;
    }

    /** A deep copy. */
    public Baseline copy() {
        Baseline copy = new Baseline(limits);
        copy.merge(this);
        return copy;
    }

    /**
     * A deep copy learning further within {@code newLimits} (what this baseline holds beyond them
     * is kept out as a merge keeps it, counted as reached).
     */
    public Baseline copy(BaselineLimits newLimits) {
        Baseline copy = new Baseline(newLimits);
        copy.merge(this);
        return copy;
    }

    /** Assets sorted by address. */
    public List<Asset> assets() {
        List<Asset> list = new ArrayList<>(assets.values());
        list.sort(Comparator.comparing(Asset::address));
        return list;
    }

    public Asset asset(IpAddress address) {
        return assets.get(address);
    }

    /**
     * Protocols and services an asset takes part in, as client or server: industrial protocols
     * (modbus, dnp3, s7comm, ...) and service guesses of other traffic (smb, rdp, tcp/4444, ...).
     */
    public java.util.SortedSet<String> protocolsOf(IpAddress address) {
        java.util.TreeSet<String> protocols = new java.util.TreeSet<>();
        for (IpConversation conversation : ipConversations.values()) {
            if (conversation.key.client().equals(address) || conversation.key.server().equals(address)) {
                protocols.add(conversation.service);
            }
        }
        for (Conversation conversation : conversations.values()) {
            if (conversation.key.client().equals(address) || conversation.key.server().equals(address)) {
                protocols.add(conversation.key.protocol().wireName());
            }
        }
        return protocols;
    }

    /** IP conversations sorted by client, server, transport, port. */
    public List<IpConversation> ipConversations() {
        List<IpConversation> list = new ArrayList<>(ipConversations.values());
        list.sort(Comparator.comparing((IpConversation c) -> c.key.client()).thenComparing(c -> c.key.server())
                .thenComparing(c -> c.key.transport()).thenComparingInt(c -> c.key.serverPort()));
        return list;
    }

    public IpConversation ipConversation(IpConversationKey key) {
        return ipConversations.get(key);
    }

    /** Industrial conversations sorted by client, server, protocol, unit. */
    public List<Conversation> conversations() {
        List<Conversation> list = new ArrayList<>(conversations.values());
        list.sort(CONVERSATION_ORDER);
        return list;
    }

    static final Comparator<Conversation> CONVERSATION_ORDER = Comparator
            .comparing((Conversation c) -> c.key.client()).thenComparing(c -> c.key.server())
            .thenComparing(c -> c.key.protocol(), Protocols.ORDER).thenComparingInt(c -> c.key.unit());

    public Conversation conversation(ConversationKey key) {
        return conversations.get(key);
    }

    /** Point summaries sorted by server, protocol, unit, space, address. */
    public Map<PointKey, ValueSummary> points() {
        TreeMap<PointKey, ValueSummary> sorted = new TreeMap<>(POINT_ORDER);
        sorted.putAll(points);
        return sorted;
    }

    static final Comparator<PointKey> POINT_ORDER = Comparator.comparing(PointKey::server)
            .thenComparing(PointKey::protocol, Protocols.ORDER).thenComparingInt(PointKey::unit).thenComparing(PointKey::space)
            .thenComparingLong(PointKey::address);

    public ValueSummary point(PointKey key) {
        return points.get(key);
    }

    /** Learning progress per cell, by cell name; a read-only view. */
    /** Which points of a server moved together while learning. */
    public PointCorrelations correlations() {
        return correlations;
    }

    public Map<String, CellProgress> cells() {
        return cellsView;
    }

    /** Messages learned from. */
    public long messages() {
        return messages;
    }

    /** Objects not learned because a {@link BaselineLimits} bound was reached. */
    public long droppedObjects() {
        return droppedObjects;
    }

    public BaselineLimits limits() {
        return limits;
    }

    public boolean isEmpty() {
        return assets.isEmpty() && ipConversations.isEmpty() && conversations.isEmpty();
    }
}
