package otb.dissect;

/**
 * A value carried for one point: read back in a response, or written by a request.
 *
 * @param space   the point's address space (see {@link PointRange#space()})
 * @param address the point's address in that space
 * @param value   the value as a number (booleans as 0/1, unsigned registers as 0..65535 unless
 *                the protocol says otherwise)
 */
public record PointValue(String space, long address, double value) {
}
