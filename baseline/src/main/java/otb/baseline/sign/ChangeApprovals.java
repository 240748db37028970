package otb.baseline.sign;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import otb.baseline.diff.BaselineDiff;
import otb.baseline.model.Baseline;
import otb.baseline.model.Folding;
import otb.baseline.store.AuditEntry;

/**
 * Who approved each change between two baselines: an approval's entry carries the fact it folded
 * ({@link Folding#encode}); folding that fact alone into the earlier baseline shows which changes
 * it makes, and each change of the diff is credited to the approvals that make it. Changes no
 * approval makes were learned.
 */
public final class ChangeApprovals {
    private ChangeApprovals() {
    }

    /**
     * An approval.
     *
     * @param entry    its audit entry
     * @param signedBy the trusted key that signed it; "" when unsigned; a reason in parentheses when
     *                 its signature could not be checked
     */
    public record Approval(AuditEntry entry, String signedBy) {
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("entry", entry.id());
            fields.put("who", entry.who());
            fields.put("at", entry.at());
            fields.put("alert", entry.alertId());
            fields.put("reason", entry.reason());
            fields.put("signed_by", signedBy);
            return fields;
        }

        /** {@code who at (signed by NAME): reason}. */
        public String describe() {
            return entry.who() + " at " + entry.at() + (signedBy.isEmpty() ? "" : " (signed by " + signedBy + ")")
                    + (entry.reason().isEmpty() ? "" : ": " + entry.reason());
        }
    }

    /**
     * The approvals of {@code later} that {@code earlier} does not hold (by entry hash), their
     * signatures checked against {@code trusted}.
     */
    public static List<Approval> since(List<AuditEntry> earlier, List<AuditEntry> later, TrustedKeys trusted) {
        Set<String> known = new HashSet<>();
        earlier.forEach(entry -> known.add(entry.hash()));
        List<Approval> approvals = new ArrayList<>();
        for (AuditEntry entry : later) {
            if (!entry.action().equals("approve") || known.contains(entry.hash())) {
                continue;
            }
            String signedBy;
            try {
                signedBy = trusted == null ? (entry.signature().isEmpty() ? "" : "(signature not checked)")
                        : AuditSignatures.signer(entry, trusted).orElse("");
            } catch (SignatureCheckException e) {
                signedBy = "(" + e.getMessage() + ")";
            }
            approvals.add(new Approval(entry, signedBy));
        }
        return approvals;
    }

    /** For each change of {@code diff} (from {@code earlier}), the approvals that make it, in diff order. */
    public static Map<BaselineDiff.Change, List<Approval>> attribute(Baseline earlier, BaselineDiff diff,
                                                                   List<Approval> approvals) {
        Set<String> noise = subjects(BaselineDiff.compare(earlier, earlier.copy()));
        Map<String, List<Approval>> bySubject = new LinkedHashMap<>();
        for (Approval approval : approvals) {
            Map<String, String> fact = Folding.decode(approval.entry().detail());
            if (fact.isEmpty()) {
                continue;
            }
            Baseline folded = earlier.copy();
            try {
                Folding.apply(folded, fact);
            } catch (Folding.FoldException e) {
                continue; // a fact this baseline cannot hold credits nothing
            }
            for (String subject : subjects(BaselineDiff.compare(earlier, folded))) {
                if (!noise.contains(subject)) {
                    bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(approval);
                }
            }
        }
        Map<BaselineDiff.Change, List<Approval>> credited = new LinkedHashMap<>();
        for (BaselineDiff.Change change : diff.changes()) {
            credited.put(change, bySubject.getOrDefault(key(change), List.of()));
        }
        return credited;
    }

    private static Set<String> subjects(BaselineDiff diff) {
        Set<String> subjects = new HashSet<>();
        diff.changes().forEach(change -> subjects.add(key(change)));
        return subjects;
    }

    private static String key(BaselineDiff.Change change) {
        return change.section() + "\t" + change.subject();
    }
}
