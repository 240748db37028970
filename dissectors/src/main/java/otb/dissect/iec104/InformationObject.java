package otb.dissect.iec104;

import java.util.Map;

/**
 * One information object of an ASDU: its address, the value its element carries (if the
 * element has one), and the element's qualifiers and time tag for output.
 *
 * @param address    information object address, 0..16777215 (three octets, 104 clause 9.1); with
 *                   SQ set, the first object's address plus the object's position
 * @param hasValue   the element carries a process value or a commanded state
 * @param value      the value: single point or command state 0/1, double point or command state
 *                   0..3, step position -64..63, normalised values -1..1-2^-15, scaled values
 *                   -32768..32767, short floats as carried, counters -2^31..2^31-1, bitstrings
 *                   0..2^32-1; NaN when {@code hasValue} is false
 * @param attributes qualifiers, flags and time tag, in output order (see {@link AsduParser})
 */
record InformationObject(long address, boolean hasValue, double value, Map<String, Object> attributes) {
}
