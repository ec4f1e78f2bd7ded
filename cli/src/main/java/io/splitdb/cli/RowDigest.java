package io.splitdb.cli;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/**
 * A checksum of a table's plaintext that the source and the split database compute alike: each row's
 * canonical text (every column's {@code getString}, bytes as hex for binary columns, NULL as its own
 * marker) is hashed with SHA-256, and the hashes are added modulo 2^256. The sum does not depend on
 * the order rows are read in, so tables without a primary key are compared the same way; one row
 * lost, added, duplicated or changed changes it.
 */
final class RowDigest {
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    private final MessageDigest sha256;
    private final boolean[] binary;
    private final StringBuilder row = new StringBuilder();
    private BigInteger sum = BigInteger.ZERO;
    private long rows;

    /** @param columns the columns in the order the result sets list them */
    RowDigest(List<SourceDatabase.Column> columns) {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        this.binary = new boolean[columns.size()];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = columns.get(i).binary();
        }
    }

    /** Adds the current row of {@code rs}. */
    void add(ResultSet rs) throws SQLException {
        row.setLength(0);
        for (int i = 0; i < binary.length; i++) {
            if (binary[i]) {
                byte[] b = rs.getBytes(i + 1);
                row.append(b == null ? "\\N" : "x" + HexFormat.of().formatHex(b));
            } else {
                String s = rs.getString(i + 1);
                row.append(s == null ? "\\N" : "'" + s.replace("\\", "\\\\").replace("\t", "\\t"));
            }
            row.append('\t');
        }
        sum = sum.add(new BigInteger(1, sha256.digest(row.toString().getBytes(StandardCharsets.UTF_8)))).mod(MODULUS);
        rows++;
    }

    long rows() {
        return rows;
    }

    /** The sum as 64 hex digits. */
    String hex() {
        String h = sum.toString(16);
        return "0".repeat(64 - h.length()) + h;
    }
}
