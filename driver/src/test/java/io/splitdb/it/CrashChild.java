package io.splitdb.it;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The child JVM of {@link CrashIT}: runs numbered transactions in a loop until it is killed,
 * printing {@code committed N} on stdout once {@code commit()} has returned for transaction N.
 *
 * <p>Transaction N inserts ledger rows (N, 1..3) and one audit row (a table without a primary
 * key), sets counter N % 3 to N, and when N % 5 == 0 deletes ledger row (N - 2, 3). Protected
 * values are derived from N, so the parent can check every row it reads back.
 *
 * <p>Arguments: the {@code jdbc:split:} URL, and the first transaction number.
 */
public final class CrashChild {
    private CrashChild() {
    }

    static String ledgerName(long txn, int k) {
        return "L" + txn + "-" + k;
    }

    static String ledgerSecret(long txn, int k) {
        return "secret " + txn + "/" + k + " " + "x".repeat((int) (txn % 7) * 5);
    }

    static String auditNote(long txn) {
        return "audit " + txn;
    }

    static String counterSecret(long txn) {
        return "c" + txn;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        String url = args[0];
        long n = Long.parseLong(args[1]);
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            out.println("ready");
            try (PreparedStatement ledger = c.prepareStatement("INSERT INTO ledger (txn, k, name, secret) VALUES (?, ?, ?, ?)");
                 PreparedStatement audit = c.prepareStatement("INSERT INTO audit (txn, note) VALUES (?, ?)");
                 PreparedStatement counter = c.prepareStatement("UPDATE counters SET last_txn = ?, secret = ? WHERE id = ?");
                 PreparedStatement delete = c.prepareStatement("DELETE FROM ledger WHERE txn = ? AND k = 3")) {
                for (; ; n++) {
                    try {
                        for (int k = 1; k <= 3; k++) {
                            ledger.setLong(1, n);
                            ledger.setInt(2, k);
                            ledger.setString(3, ledgerName(n, k));
                            ledger.setString(4, ledgerSecret(n, k));
                            ledger.executeUpdate();
                        }
                        audit.setLong(1, n);
                        audit.setString(2, auditNote(n));
                        audit.executeUpdate();
                        counter.setLong(1, n);
                        counter.setString(2, counterSecret(n));
                        counter.setLong(3, n % 3);
                        counter.executeUpdate();
                        if (n % 5 == 0) {
                            delete.setLong(1, n - 2);
                            delete.executeUpdate();
                        }
                        c.commit();
                        out.println("committed " + n);
                    } catch (SQLException e) {
                        out.println("failed " + n + " " + e.getSQLState());
                        System.err.println("transaction " + n + " failed: [" + e.getSQLState() + "/" + e.getErrorCode() + "] " + e.getMessage());
                        try {
                            c.rollback();
                        } catch (SQLException ignored) {
                            // gone either way
                        }
                    }
                }
            }
        }
    }
}
