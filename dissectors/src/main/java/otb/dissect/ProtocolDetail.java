package otb.dissect;

import java.util.Map;

/**
 * Per-protocol fields of a message, beyond the common ones of {@link OtMessage}. Implemented
 * by records in each protocol's package; the baseline never looks inside.
 */
public interface ProtocolDetail {

    /**
     * The detail as record fields for JSON output, in a fixed order. Values are String, Number,
     * Boolean, List or Map of the same, never null.
     */
    Map<String, Object> fields();

    ProtocolDetail NONE = Map::of;
}
