package otb.dissect;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Rows of a golden comparison as a multiset: how often each row occurs, and what one side has more of. */
public final class GoldenRows {
    private GoldenRows() {
    }

    /** Each distinct row with the number of times it occurs. */
    public static Map<String, Integer> counts(Stream<String> rows) {
        Map<String, Integer> counts = new TreeMap<>();
        rows.forEach(row -> counts.merge(row, 1, Integer::sum));
        return counts;
    }

    /** The rows of {@code a} that {@code b} lacks, as many times as {@code a} has them more often. */
    public static Map<String, Integer> minus(Map<String, Integer> a, Map<String, Integer> b) {
        Map<String, Integer> result = new TreeMap<>();
        a.forEach((row, n) -> {
            int left = n - b.getOrDefault(row, 0);
            if (left > 0) {
                result.put(row, left);
            }
        });
        return result;
    }
}
