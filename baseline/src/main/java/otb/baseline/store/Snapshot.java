package otb.baseline.store;

import otb.baseline.cells.Cells;
import otb.baseline.model.Baseline;

/** A snapshot read back: its metadata, its baseline and the cells it was learned with. */
public record Snapshot(SnapshotInfo info, Baseline baseline, Cells cells) {
}
