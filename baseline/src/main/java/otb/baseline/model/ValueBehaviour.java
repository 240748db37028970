package otb.baseline.model;

import java.util.Locale;

/** How a point's values behave over time, as learned. */
public enum ValueBehaviour {
    /** One value only. */
    CONSTANT,
    /** Never decreases (except by wrapping) and takes many values. */
    COUNTER,
    /** A few integral values: states, modes, alarms. */
    ENUMERATION,
    /** Anything else: a measured or computed quantity. */
    ANALOG;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
