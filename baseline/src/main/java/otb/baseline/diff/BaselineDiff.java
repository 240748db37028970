package otb.baseline.diff;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import otb.baseline.model.Asset;
import otb.baseline.model.Baseline;
import otb.baseline.model.Conversation;
import otb.baseline.model.Formats;
import otb.baseline.model.FunctionUse;
import otb.baseline.model.IpConversation;
import otb.baseline.model.PointKey;
import otb.baseline.model.RangeSet;
import otb.baseline.model.RequestSignature;
import otb.baseline.model.TimingSummary;
import otb.baseline.model.ValueSummary;
import otb.dissect.Json;

/**
 * What changed between two baselines: assets, IP conversations, industrial conversations,
 * functions, point ranges, polling cycles and latencies that shifted beyond their spread, and
 * value envelopes. A structured result; the CLI renders it as Markdown, HTML or JSON.
 *
 * @param changes every change, grouped by section in {@link #SECTIONS} order, then by subject
 */
public record BaselineDiff(List<Change> changes) {
    /** Sections in report order. */
    public static final List<String> SECTIONS = List.of("assets", "ip_conversations", "conversations", "functions",
            "ranges", "timing", "latency", "values");
    /** Summaries need this many observations on both sides before their timing is compared. */
    static final int MIN_TIMING_SAMPLES = 10;
    /** A timing shift must exceed this many robust standard deviations (1.4826 × MAD) ... */
    static final double TIMING_SPREAD_FACTOR = 3.0;
    /** ... and this share of the earlier median. */
    static final double TIMING_MIN_RELATIVE = 0.05;

    /**
     * One change.
     *
     * @param section one of {@link #SECTIONS}
     * @param change  {@code added}, {@code removed} or {@code changed}
     * @param subject what changed, readable (address, conversation, function, point)
     * @param cell    the cell it belongs to
     * @param before  the earlier state, "" when added
     * @param after   the later state, "" when removed
     */
    public record Change(String section, String change, String subject, String cell, String before, String after) {
        public Map<String, Object> fields() {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("section", section);
            f.put("change", change);
            f.put("subject", subject);
            f.put("cell", cell);
            f.put("before", before);
            f.put("after", after);
            return f;
        }
    }

    public BaselineDiff {
        changes = List.copyOf(changes);
    }

    /** Compares the earlier baseline {@code from} with the later {@code to}. */
    public static BaselineDiff compare(Baseline from, Baseline to) {
        List<Change> changes = new ArrayList<>();
        assets(from, to, changes);
        ipConversations(from, to, changes);
        conversations(from, to, changes);
        points(from, to, changes);
        List<Change> ordered = new ArrayList<>(changes.size());
        for (String section : SECTIONS) {
            for (Change change : changes) {
                if (change.section.equals(section)) {
                    ordered.add(change);
                }
            }
        }
        return new BaselineDiff(ordered);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public List<Change> section(String section) {
        return changes.stream().filter(change -> change.section.equals(section)).toList();
    }

    /** Changes per section, every section present. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String section : SECTIONS) {
            counts.put(section, section(section).size());
        }
        return counts;
    }

    /** JSON form: {@code {"counts": {...}, "changes": [...]}}. */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("counts", counts());
        List<Object> list = new ArrayList<>();
        for (Change change : changes) {
            list.add(change.fields());
        }
        f.put("changes", list);
        return f;
    }

    public String json() {
        return Json.write(fields());
    }

    private static void assets(Baseline from, Baseline to, List<Change> changes) {
        for (Asset before : from.assets()) {
            if (to.asset(before.address()) == null) {
                changes.add(new Change("assets", "removed", before.address().toString(), before.cell(), describe(before),
                        ""));
            }
        }
        for (Asset after : to.assets()) {
            Asset before = from.asset(after.address());
            if (before == null) {
                changes.add(new Change("assets", "added", after.address().toString(), after.cell(), "",
                        describe(after)));
            } else if (!before.roles().equals(after.roles()) || !before.identity().equals(after.identity())
                    || !new java.util.HashSet<>(before.macs()).equals(new java.util.HashSet<>(after.macs()))) {
                // the MACs are a set: the order they were first seen in (which differs between a
                // baseline learned at once and one merged from sensors) is no change
                changes.add(new Change("assets", "changed", after.address().toString(), after.cell(), describe(before),
                        describe(after)));
            }
        }
    }

    private static String describe(Asset asset) {
        List<String> macs = new ArrayList<>();
        asset.macs().forEach(mac -> macs.add(Asset.macText(mac)));
        return "roles " + String.join(" ", asset.roles()) + "; macs " + String.join(" ", macs) + "; identity "
                + asset.identity();
    }

    private static void ipConversations(Baseline from, Baseline to, List<Change> changes) {
        for (IpConversation before : from.ipConversations()) {
            if (to.ipConversation(before.key()) == null) {
                changes.add(new Change("ip_conversations", "removed", before.key().toString(), before.serverCell(),
                        before.service(), ""));
            }
        }
        for (IpConversation after : to.ipConversations()) {
            if (from.ipConversation(after.key()) == null) {
                changes.add(new Change("ip_conversations", "added", after.key().toString(), after.serverCell(), "",
                        after.service() + (after.crossCell() ? " (cross-cell from " + after.clientCell() + ")" : "")));
            }
        }
    }

    private static void conversations(Baseline from, Baseline to, List<Change> changes) {
        for (Conversation before : from.conversations()) {
            if (to.conversation(before.key()) == null) {
                changes.add(new Change("conversations", "removed", before.key().toString(), before.serverCell(),
                        before.requests() + " requests", ""));
            }
        }
        for (Conversation after : to.conversations()) {
            Conversation before = from.conversation(after.key());
            if (before == null) {
                changes.add(new Change("conversations", "added", after.key().toString(), after.serverCell(), "",
                        after.requests() + " requests" + (after.crossCell() ? ", cross-cell" : "")));
                continue;
            }
            functions(before, after, changes);
        }
    }

    private static void functions(Conversation before, Conversation after, List<Change> changes) {
        String conversation = after.key().toString();
        for (FunctionUse old : before.functions()) {
            if (after.function(old.code(), old.name()) == null) {
                changes.add(new Change("functions", "removed", conversation + ": " + old.label(), after.serverCell(),
                        old.operation().wireName() + " x" + old.requests(), ""));
            }
        }
        for (FunctionUse now : after.functions()) {
            FunctionUse old = before.function(now.code(), now.name());
            String subject = conversation + ": " + now.label();
            if (old == null) {
                changes.add(new Change("functions", "added", subject, after.serverCell(), "",
                        now.operation().wireName() + " x" + now.requests()));
                continue;
            }
            List<String> oldRanges = rangeText(old.ranges());
            List<String> newRanges = rangeText(now.ranges());
            if (!oldRanges.equals(newRanges)) {
                changes.add(new Change("ranges", "changed", subject, after.serverCell(), String.join(" ", oldRanges),
                        String.join(" ", newRanges)));
            }
            String latency = timingShift(old.latency(), now.latency());
            if (latency != null) {
                changes.add(new Change("latency", "changed", subject, after.serverCell(), describe(old.latency()),
                        describe(now.latency())));
            }
            for (RequestSignature signature : now.signatures()) {
                RequestSignature earlier = old.signature(signature.space(), signature.start(), signature.count());
                if (earlier != null && timingShift(earlier.cycle(), signature.cycle()) != null) {
                    changes.add(new Change("timing", "changed", subject + " " + signature.label(), after.serverCell(),
                            describe(earlier.cycle()), describe(signature.cycle())));
                }
            }
        }
    }

    private static List<String> rangeText(Map<String, RangeSet> ranges) {
        List<String> text = new ArrayList<>();
        ranges.forEach((space, set) -> text.add(space + ":" + set));
        return text;
    }

    /** Non-null when the medians differ by more than the spread allows. */
    private static String timingShift(TimingSummary before, TimingSummary after) {
        if (before.count() < MIN_TIMING_SAMPLES || after.count() < MIN_TIMING_SAMPLES) {
            return null;
        }
        long shift = Math.abs(after.medianMicros() - before.medianMicros());
        double allowed = Math.max(TIMING_SPREAD_FACTOR * 1.4826 * Math.max(before.madMicros(), after.madMicros()),
                TIMING_MIN_RELATIVE * before.medianMicros());
        return shift > allowed ? "shift" : null;
    }

    private static String describe(TimingSummary timing) {
        return "median " + Formats.seconds(timing.medianMicros() * 1000) + ", MAD "
                + Formats.seconds(timing.madMicros() * 1000) + ", p99 " + Formats.seconds(timing.percentileMicros(99) * 1000)
                + ", n " + timing.count();
    }

    private static void points(Baseline from, Baseline to, List<Change> changes) {
        for (Map.Entry<PointKey, ValueSummary> entry : from.points().entrySet()) {
            if (to.point(entry.getKey()) == null) {
                changes.add(new Change("values", "removed", entry.getKey().toString(), cellOf(to, from, entry.getKey()),
                        describe(entry.getValue()), ""));
            }
        }
        for (Map.Entry<PointKey, ValueSummary> entry : to.points().entrySet()) {
            ValueSummary before = from.point(entry.getKey());
            ValueSummary after = entry.getValue();
            String cell = cellOf(to, from, entry.getKey());
            if (before == null) {
                changes.add(new Change("values", "added", entry.getKey().toString(), cell, "", describe(after)));
            } else if (before.behaviour() != after.behaviour() || before.min() != after.min()
                    || before.max() != after.max()) {
                changes.add(new Change("values", "changed", entry.getKey().toString(), cell, describe(before),
                        describe(after)));
            }
        }
    }

    private static String cellOf(Baseline to, Baseline from, PointKey key) {
        Asset asset = to.asset(key.server());
        if (asset == null) {
            asset = from.asset(key.server());
        }
        return asset == null ? "" : Objects.requireNonNullElse(asset.cell(), "");
    }

    private static String describe(ValueSummary value) {
        return value.behaviour().wireName() + " [" + Formats.value(value.min()) + ", "
                + Formats.value(value.max()) + "], step " + Formats.value(value.largestStep()) + ", n "
                + value.count();
    }
}
