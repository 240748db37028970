package otb.baseline.sign;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import otb.baseline.store.AuditEntry;
import otb.baseline.store.BaselineStore;
import otb.baseline.store.SnapshotInfo;
import otb.baseline.store.StoreException;

/** What became a snapshot: it and its ancestors (parent by parent), and their audit entries. */
public final class Lineage {
    private Lineage() {
    }

    /** The snapshot and its ancestors in {@code store}. */
    public static Set<Long> ancestry(BaselineStore store, long snapshot) throws StoreException {
        Map<Long, OptionalLong> parents = new HashMap<>();
        for (SnapshotInfo info : store.snapshots()) {
            parents.put(info.id(), info.parent());
        }
        Set<Long> lineage = new HashSet<>();
        Long next = snapshot;
        while (next != null && parents.containsKey(next) && lineage.add(next)) {
            OptionalLong parent = parents.get(next);
            next = parent.isPresent() ? parent.getAsLong() : null;
        }
        return lineage;
    }

    /** The audit entries that made the snapshot or one of its ancestors, oldest first. */
    public static List<AuditEntry> history(BaselineStore store, long snapshot) throws StoreException {
        Set<Long> lineage = ancestry(store, snapshot);
        return store.audit().stream()
                .filter(entry -> entry.snapshot().isPresent() && lineage.contains(entry.snapshot().getAsLong()))
                .toList();
    }
}
