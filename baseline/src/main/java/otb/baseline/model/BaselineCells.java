package otb.baseline.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import otb.capture.IpAddress;

/**
 * A baseline cut by cell, so that a sensor can publish its learning one cell at a time and a hub
 * can hold it one cell at a time (README, "A site of many sensors"). Every object goes to exactly
 * one part, so the parts merged ({@link Baseline#merge}) are the whole again:
 * <ul>
 * <li>assets by their cell; IP and industrial conversations by their server's cell (the cell
 * that counted them as its new object);</li>
 * <li>point summaries, point correlations and sequence counters by the cell of their server
 * (the server cell of its industrial conversations, else of its IP conversations, else its
 * asset's cell);</li>
 * <li>learning progress by its cell;</li>
 * <li>what belongs to no cell (messages learned from, objects dropped by a budget, and an
 * object whose server has no cell at all) to the sensor-wide part {@link #SENSOR_WIDE}.</li>
 * </ul>
 * The parts share the whole's objects: encode them ({@link BaselineCodec}) or copy them before
 * the whole learns on.
 */
public final class BaselineCells {
    /** The part of what belongs to no cell; cell names are never empty. */
    public static final String SENSOR_WIDE = "";

    private BaselineCells() {
    }

    /** The parts of {@code whole} by cell name ({@link #SENSOR_WIDE} first), each a baseline with the whole's limits. */
    public static SortedMap<String, Baseline> cut(Baseline whole) {
        SortedMap<String, Baseline> parts = new TreeMap<>();
        Baseline sensorWide = part(parts, SENSOR_WIDE, whole);
        sensorWide.messages = whole.messages;
        sensorWide.droppedObjects = whole.droppedObjects;
        Map<IpAddress, String> serverCells = serverCells(whole);
        for (Asset asset : whole.assets.values()) {
            part(parts, asset.cell, whole).assets.put(asset.address, asset);
        }
        for (IpConversation conversation : whole.ipConversations.values()) {
            part(parts, conversation.serverCell, whole).ipConversations.put(conversation.key, conversation);
        }
        for (Conversation conversation : whole.conversations.values()) {
            part(parts, conversation.serverCell, whole).conversations.put(conversation.key, conversation);
        }
        for (Map.Entry<PointKey, ValueSummary> point : whole.points.entrySet()) {
            part(parts, serverCells.getOrDefault(point.getKey().server(), SENSOR_WIDE), whole).points
                    .put(point.getKey(), point.getValue());
        }
        for (Map.Entry<PointKey, PointCorrelation> correlation : whole.correlations.byPoint.entrySet()) {
            part(parts, serverCells.getOrDefault(correlation.getKey().server(), SENSOR_WIDE), whole).correlations.byPoint
                    .put(correlation.getKey(), correlation.getValue());
        }
        for (Map.Entry<SequenceKey, SequenceDiscipline> sequence : whole.sequences.entrySet()) {
            part(parts, serverCells.getOrDefault(sequence.getKey().server(), SENSOR_WIDE), whole).sequences
                    .put(sequence.getKey(), sequence.getValue());
        }
        for (CellProgress progress : whole.cells.values()) {
            part(parts, progress.cell, whole).cells.put(progress.cell, progress);
        }
        return Collections.unmodifiableSortedMap(parts);
    }

    /** The cell each server address is learned in: its industrial conversations', else its IP conversations', else its asset's. */
    private static Map<IpAddress, String> serverCells(Baseline whole) {
        Map<IpAddress, String> cells = new HashMap<>();
        for (Asset asset : whole.assets.values()) {
            cells.put(asset.address, asset.cell);
        }
        for (IpConversation conversation : whole.ipConversations.values()) {
            cells.put(conversation.key.server(), conversation.serverCell);
        }
        for (Conversation conversation : whole.conversations.values()) {
            cells.put(conversation.key.server(), conversation.serverCell);
        }
        return cells;
    }

    private static Baseline part(Map<String, Baseline> parts, String cell, Baseline whole) {
        return parts.computeIfAbsent(cell == null ? SENSOR_WIDE : cell, c -> new Baseline(whole.limits()));
    }
}
