package otb.baseline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Integer columns that may be NULL (a snapshot's parent, an alert's function), as optionals. */
final class NullableColumns {
    private NullableColumns() {
    }

    /** Sets an optional integer parameter: NULL when empty. */
    static void set(PreparedStatement statement, int index, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            statement.setLong(index, value.getAsLong());
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }

    /** Sets an optional integer parameter: NULL when empty. */
    static void set(PreparedStatement statement, int index, OptionalInt value) throws SQLException {
        if (value.isPresent()) {
            statement.setInt(index, value.getAsInt());
        } else {
            statement.setNull(index, Types.INTEGER);
        }
    }

    /** Reads an integer column, empty when NULL (wasNull() is asked right after the read it speaks of). */
    static OptionalLong getLong(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** Reads an integer column, empty when NULL. */
    static OptionalInt getInt(ResultSet rows, int column) throws SQLException {
        int value = rows.getInt(column);
        return rows.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
