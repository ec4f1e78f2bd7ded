package io.splitdb.proxy;

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

    private ResultWriter() {
    }

    /**
     * Writes {@code rs} as a text result set ending with {@code endStatus}. Returns false when the
     * client went away mid-result (the rest was not read).
     */
    static boolean text(Responder out, ResultSet rs, int endStatus) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        // build the header first so an error in the metadata still leaves room for a clean ERR
        List<byte[]> header = new ArrayList<>();
        header.add(new PayloadWriter().lenencInt(n).toByteArray());
        boolean[] binary = new boolean[n];
        for (int i = 1; i <= n; i++) {
            header.add(ColumnTypes.definition(md, i).encode());
            binary[i - 1] = ColumnTypes.isBinary(md.getColumnType(i));
        }
        header.forEach(out::send);
        out.endOfColumns(endStatus);
        int rows = 0;
        while (rs.next()) {
            List<byte[]> values = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                if (binary[i - 1]) {
                    values.add(rs.getBytes(i));
                } else {
                    String s = rs.getString(i);
                    values.add(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
                }
            }
            out.send(new TextResultRow(values).encode());
            if (++rows % FLUSH_ROWS == 0) {
                out.flush();
                if (!out.awaitWritable()) {
                    return false; // the client went away mid-result: stop reading rows nobody will get
                }
            }
        }
        out.endOfRows(endStatus);
        return true;
    }
}
