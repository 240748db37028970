package otb.runtime;

import java.util.Map;

/**
 * The signed baseline a detection runs against, named in every alert's JSON line as
 * {@code baseline_id} and {@code baseline_signer}.
 *
 * @param baselineId the signed baseline's id (64 hex digits)
 * @param signer     the trusted key's name that signed it
 */
public record SignedBaselineLabel(String baselineId, String signer) {
    /** Adds the two fields to an alert's JSON fields. */
    public Map<String, Object> addTo(Map<String, Object> fields) {
        fields.put("baseline_id", baselineId);
        fields.put("baseline_signer", signer);
        return fields;
    }
}
