package otb.dissect;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A small JSON writer for records and alerts: String, Number, Boolean, Map (insertion order
 * kept), Collection and Optional values. Output is canonical, so the same value always gives
 * the same bytes.
 */
public final class Json {
    private Json() {
    }

    public static String write(Object value) {
        StringBuilder text = new StringBuilder(256);
        write(text, value);
        return text.toString();
    }

    public static void write(StringBuilder text, Object value) {
        if (value == null) {
            text.append("null");
        } else if (value instanceof String s) {
            string(text, s);
        } else if (value instanceof Double d) {
            number(text, d);
        } else if (value instanceof Float f) {
            number(text, f.doubleValue());
        } else if (value instanceof Number || value instanceof Boolean) {
            text.append(value);
        } else if (value instanceof Map<?, ?> map) {
            text.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    text.append(',');
                }
                first = false;
                string(text, String.valueOf(entry.getKey()));
                text.append(':');
                write(text, entry.getValue());
            }
            text.append('}');
        } else if (value instanceof Collection<?> list) {
            text.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    text.append(',');
                }
                first = false;
                write(text, item);
            }
            text.append(']');
        } else if (value instanceof Optional<?> optional) {
            write(text, optional.orElse(null));
        } else if (value instanceof OptionalInt optional) {
            write(text, optional.isPresent() ? optional.getAsInt() : null);
        } else if (value instanceof OptionalLong optional) {
            write(text, optional.isPresent() ? optional.getAsLong() : null);
        } else if (value instanceof OptionalDouble optional) {
            write(text, optional.isPresent() ? optional.getAsDouble() : null);
        } else if (value instanceof Enum<?> e) {
            string(text, e.name().toLowerCase(java.util.Locale.ROOT));
        } else {
            string(text, value.toString());
        }
    }

    /** Integral values print without a fraction; NaN and infinities print as null. */
    public static void number(StringBuilder text, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            text.append("null");
        } else if (value == Math.rint(value) && Math.abs(value) < 9.007199254740992E15) {
            text.append((long) value);
        } else {
            text.append(value);
        }
    }

    public static void string(StringBuilder text, String s) {
        text.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7F && c < 0xA0) || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
