package otb.baseline.alert;

/**
 * What de-duplicates an alert: occurrences with equal keys within a window fold into one alert.
 * Each detection rule keys its alerts with small records compared by value; {@link #text} is the
 * key's stored form (the alert's {@code key}, part of its id).
 */
public interface AlertKey {
    /** e.g. {@code func|10.0.0.5 -> 10.0.1.2 modbus unit 1}. */
    String text();
}
