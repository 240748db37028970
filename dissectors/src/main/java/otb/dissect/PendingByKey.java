package otb.dissect;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.ToLongFunction;

/**
 * The requests of one flow awaiting their answers, found by a key the answer carries (an S7 PDU
 * reference, an MMS invokeID): in arrival order, at most {@link DissectorConfig#maxPendingRequests()}
 * (the oldest forgotten first) and none older than {@link DissectorConfig#requestTimeoutNanos()}.
 *
 * @param <K> the key
 * @param <R> what a session keeps of a request
 */
public final class PendingByKey<K, R> {
    private final DissectorConfig config;
    private final ToLongFunction<R> sentAt;
    private final LinkedHashMap<K, R> pending = new LinkedHashMap<>();

    /** {@code sentAt} gives a request's capture time in nanoseconds. */
    public PendingByKey(DissectorConfig config, ToLongFunction<R> sentAt) {
        this.config = config;
        this.sentAt = sentAt;
    }

    /** Remembers a request under {@code key}, replacing one with the same key, forgetting the oldest at the bound. */
    public void remember(K key, R request) {
        pending.remove(key);
        if (pending.size() >= config.maxPendingRequests() && !pending.isEmpty()) {
            Iterator<K> oldest = pending.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        pending.put(key, request);
    }

    /** The request waiting under {@code key}, removed; null when none waits. */
    public R take(K key) {
        return pending.remove(key);
    }

    /** Forgets the requests older than the request timeout at capture time {@code nowNanos}. */
    public void expire(long nowNanos) {
        for (Iterator<R> it = pending.values().iterator(); it.hasNext(); ) {
            if (nowNanos - sentAt.applyAsLong(it.next()) <= config.requestTimeoutNanos()) {
                break;
            }
            it.remove();
        }
    }

    public void clear() {
        pending.clear();
    }

    public int size() {
        return pending.size();
    }
}
