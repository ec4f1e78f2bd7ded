package io.splitdb.proxy;

import io.splitdb.proxy.protocol.BinaryResultRow;
import io.splitdb.proxy.protocol.ColumnDefinition41;
import io.splitdb.proxy.protocol.ColumnType;
import io.splitdb.proxy.protocol.PayloadWriter;
import io.splitdb.proxy.protocol.TextResultRow;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Streams a JDBC result set to the client: column count, column definitions, rows, end of rows. */
final class ResultWriter {
    /** Rows written between flushes; the worker waits for the client after each batch if it reads slowly. */
    static final int FLUSH_ROWS = 256;
    /** Bytes written between flushes, whatever the number of rows: bounds a batch of wide rows. */
    static final int FLUSH_BYTES = 256 << 10;

    private ResultWriter() {
    }

    /**
     * Writes {@code rs} as a text result set ending with {@code endStatus}. Returns false when the
     * client went away mid-result (the rest was not read).
     */
    static boolean text(Responder out, ResultSet rs, int endStatus) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        ColumnTypes.TextForm[] forms = new ColumnTypes.TextForm[md.getColumnCount()];
        for (int i = 1; i <= forms.length; i++) {
            forms[i - 1] = ColumnTypes.textForm(md, i);
        }
        return write(out, rs, endStatus, (row, n) -> {
            List<byte[]> values = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                values.add(textValue(row, i, forms[i - 1]));
            }
            return new TextResultRow(values).encode();
        });
    }

    /** Writes {@code rs} as a binary result set (the answer to COM_STMT_EXECUTE); false when the client went away. */
    static boolean binary(Responder out, ResultSet rs, int endStatus) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int[] types = new int[md.getColumnCount()];
        for (int i = 1; i <= types.length; i++) {
            types[i - 1] = ColumnTypes.mysqlType(md, i);
        }
        return write(out, rs, endStatus, (row, n) -> {
            List<byte[]> values = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                values.add(BinaryValues.encode(row, i, types[i - 1]));
            }
            return new BinaryResultRow(values).encode();
        });
    }

    private interface RowEncoder {
        byte[] encode(ResultSet rs, int columns) throws SQLException;
    }

    private static boolean write(Responder out, ResultSet rs, int endStatus, RowEncoder encoder) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        // build the header first so an error in the metadata still leaves room for a clean ERR
        List<byte[]> header = new ArrayList<>();
        header.add(new PayloadWriter().lenencInt(n).toByteArray());
        for (int i = 1; i <= n; i++) {
            header.add(ColumnTypes.definition(md, i).encode());
        }
        header.forEach(out::send);
        out.endOfColumns(endStatus);
        int rows = 0;
        long bytes = 0;
        while (rs.next()) {
            byte[] row = encoder.encode(rs, n);
            out.send(row);
            bytes += row.length;
            if (++rows % FLUSH_ROWS == 0 || bytes >= FLUSH_BYTES) {
                bytes = 0;
                out.flush();
                if (!out.awaitWritable()) {
                    return false; // the client went away mid-result: stop reading rows nobody will get
                }
            }
        }
        out.endOfRows(endStatus);
        return true;
    }

    /**
     * A one-row result the proxy answers itself: text columns (utf8mb4, NULL where the value is
     * null), or BIGINT UNSIGNED where {@code numeric} says so.
     */
    static void row(Responder out, List<String> labels, List<Boolean> numeric, List<String> values, int endStatus) {
        out.send(new PayloadWriter().lenencInt(labels.size()).toByteArray());
        for (int i = 0; i < labels.size(); i++) {
            out.send(numeric.get(i)
                    ? new ColumnDefinition41("", "", "", labels.get(i), "", ColumnDefinition41.BINARY, 21, ColumnType.LONGLONG,
                            ColumnDefinition41.NOT_NULL_FLAG | ColumnDefinition41.UNSIGNED_FLAG | ColumnDefinition41.BINARY_FLAG, 0).encode()
                    : new ColumnDefinition41("", "", "", labels.get(i), "", ColumnDefinition41.UTF8MB4, 1152, ColumnType.VAR_STRING, 0, 31)
                            .encode());
        }
        out.endOfColumns(endStatus);
        List<byte[]> cells = new ArrayList<>();
        for (String v : values) {
            cells.add(v == null ? null : v.getBytes(StandardCharsets.UTF_8));
        }
        out.send(new TextResultRow(cells).encode());
        out.endOfRows(endStatus);
    }

    private static byte[] textValue(ResultSet rs, int i, ColumnTypes.TextForm form) throws SQLException {
        if (form == ColumnTypes.TextForm.BYTES) {
            return rs.getBytes(i);
        }
        String s = rs.getString(i);
        if (s == null) {
            return null;
        }
        if (form == ColumnTypes.TextForm.YEAR && s.length() > 4) {
            s = s.substring(0, 4); // "2024-01-01" -> "2024"
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
