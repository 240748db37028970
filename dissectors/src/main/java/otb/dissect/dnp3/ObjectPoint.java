package otb.dissect.dnp3;

import java.util.Map;

/**
 * One object of an object header: the point it belongs to and the value it carries.
 *
 * @param index the point index, or -1 when the qualifier gives none (count without prefix)
 * @param value the value as a number (binary states 0/1, double-bit 0..3), NaN when the object
 *              carries none otb decodes
 * @param extra further decoded fields (control code, time, attribute), in output order
 */
record ObjectPoint(long index, double value, Map<String, Object> extra) {

    static final long NO_INDEX = -1;

    boolean hasValue() {
        return !Double.isNaN(value);
    }
}
