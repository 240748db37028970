package otb.dissect;

/**
 * A contiguous range of points a message touches.
 *
 * @param space protocol address space, e.g. {@code holding_register}, {@code coil},
 *              {@code dnp3:g30} (analog input), {@code s7:DB12}; stable across messages
 * @param start first address in the space
 * @param count number of points, at least 1
 */
public record PointRange(String space, long start, long count) {
}
