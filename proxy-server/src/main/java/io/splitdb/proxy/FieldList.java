package io.splitdb.proxy;

import io.splitdb.proxy.protocol.ErrPacket;
import io.splitdb.proxy.protocol.PayloadReader;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * COM_FIELD_LIST (deprecated, still used by the mysql/mariadb command line for name completion): the
 * columns of a table whose names match the wildcard, each a column definition followed by its default
 * value. Both come through the split connection, so protected columns show their logical type and
 * default, never the shares' VARBINARY.
 */
final class FieldList {
    private FieldList() {
    }

    /** Answers a COM_FIELD_LIST {@code payload} (command byte, table name NUL-terminated, wildcard to the end). */
    static void answer(Connection connection, Responder out, byte[] payload, int status) throws SQLException {
        PayloadReader in = new PayloadReader(Arrays.copyOfRange(payload, 1, payload.length));
        String table = in.nulString();
        String wildcard = new String(in.rest(), StandardCharsets.UTF_8);
        if (table.isEmpty() || table.length() > 64) {
            out.error(new ErrPacket(1103, "42000", "Incorrect table name '" + table + "'"));
            return;
        }
        String quoted = "`" + table.replace("`", "``") + "`";
        Map<String, String> defaults = new LinkedHashMap<>();
        String like = wildcard.isEmpty() ? "" : " LIKE '" + wildcard.replace("\\", "\\\\").replace("'", "''") + "'";
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SHOW COLUMNS FROM " + quoted + like)) {
            while (rs.next()) {
                defaults.put(rs.getString("Field"), rs.getString("Default"));
            }
        }
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + quoted + " LIMIT 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String name = md.getColumnName(i);
                if (!defaults.containsKey(name)) {
                    continue; // not matched by the wildcard
                }
                out.send(ColumnTypes.definition(md, i).encodeForFieldList(defaults.get(name)));
            }
        }
        out.endOfRows(status);
    }
}
