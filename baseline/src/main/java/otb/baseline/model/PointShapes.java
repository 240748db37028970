package otb.baseline.model;

import otb.dissect.PointValues;

/**
 * Remembers, for the last few value layouts a conversation sent (which spaces and addresses, in
 * which order), the objects that keep each point's state, so a poll answered with the same
 * layout as before finds its points without a lookup per value.
 */
public final class PointShapes {
    /** Layouts remembered per conversation; pollers cycle through a few signatures. */
    static final int SHAPES = 8;
    /** Longer value lists are looked up point by point. */
    static final int MAX_VALUES = 256;

    private final String[][] spaces = new String[SHAPES][];
    private final long[][] addresses = new long[SHAPES][];
    private final Object[][] targets = new Object[SHAPES][];
    private int next;

    /** The targets stored for exactly this layout, or null. */
    public Object[] find(PointValues values) {
        int size = values.size();
        for (int shape = 0; shape < SHAPES; shape++) {
            long[] shapeAddresses = addresses[shape];
            if (shapeAddresses == null || shapeAddresses.length != size) {
                continue;
            }
            String[] shapeSpaces = spaces[shape];
            boolean same = true;
            for (int i = 0; i < size && same; i++) {
                String space = shapeSpaces[i];
                String valueSpace = values.space(i);
                same = values.address(i) == shapeAddresses[i] && (valueSpace == space || valueSpace.equals(space));
            }
            if (same) {
                return targets[shape];
            }
        }
        return null;
    }

    public void put(PointValues values, Object[] shapeTargets) {
        if (values.size() > MAX_VALUES) {
            return;
        }
        String[] shapeSpaces = new String[values.size()];
        long[] shapeAddresses = new long[values.size()];
        for (int i = 0; i < shapeSpaces.length; i++) {
            shapeSpaces[i] = values.space(i);
            shapeAddresses[i] = values.address(i);
        }
        spaces[next] = shapeSpaces;
        addresses[next] = shapeAddresses;
        targets[next] = shapeTargets;
        next = (next + 1) % SHAPES;
    }
}
