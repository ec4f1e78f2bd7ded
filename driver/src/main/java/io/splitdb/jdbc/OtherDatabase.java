package io.splitdb.jdbc;

import io.splitdb.exec.Backend;
import io.splitdb.exec.BackendQuery;
import io.splitdb.exec.BroadcastPlan;
import io.splitdb.exec.Plan;
import io.splitdb.exec.ReadOnePlan;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.exec.ValueSource;
import io.splitdb.sql.LiftedSql;
import io.splitdb.sql.LiteralLifter;
import io.splitdb.sql.Planner;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code USE db} of a database other than the one the configuration names. The configuration's
 * policy and catalog describe its own database only, so in another database the driver protects
 * nothing: statements run on the backends as written, as for tables splitdb does not manage. To
 * keep that from ever touching a protected table, a switch is refused unless all three backends
 * hold the database and it is not itself a split database (no {@code _split_catalog}: another
 * configuration protects it, and a plain INSERT would write plaintext into its share columns),
 * and a statement run there that names any table this configuration manages or protects, in any
 * database, fails closed.
 */
final class OtherDatabase {
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_$]+");
    private static final Pattern LEADING_COMMENTS = Pattern.compile("(?s)^(\\s|/\\*.*?\\*/|(--|#)[^\\n]*\\n)*");
    private static final List<String> READS = List.of("SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "WITH", "(");

    private OtherDatabase() {
    }

    /** Fails unless each of the three backends holds database {@code name} and none manages it as a split database. */
    static void check(SplitDatabase db, String name) throws SQLException {
        for (Backend b : db.backends().all()) {
            boolean exists;
            boolean split;
            try (Connection c = b.connection(io.splitdb.exec.SessionSettings.DEFAULT);
                 PreparedStatement ps = c.prepareStatement("SELECT (SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?), "
                         + "(SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = '_split_catalog')")) {
                ps.setString(1, name);
                ps.setString(2, name);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    exists = rs.getInt(1) > 0;
                    split = rs.getInt(2) > 0;
                }
            } catch (SQLException e) {
                throw new SQLException("cannot switch to database " + name + ": " + b + " cannot confirm it holds it, and statements "
                        + "there run on all three backends", e.getSQLState(), e);
            }
            if (!exists) {
                throw new SQLException("Unknown database '" + name + "' on " + b + ": splitdb switches only to a database all three "
                        + "backends hold", "42000", 1049);
            }
            if (split) {
                throw new SQLFeatureNotSupportedException("splitdb does not support USE " + name + ": it is a split database of another "
                        + "configuration (it holds _split_catalog); connect with that configuration's jdbc:split: URL", "0A000");
            }
        }
    }

    /**
     * The plan of a statement run while another database is the default: as written, on one
     * backend for a read, on all three for anything else; never cached (the plan cache belongs to
     * the configuration's own database).
     */
    static Planner.Planned plan(SplitDatabase db, String sql, String database) throws SQLException {
        Matcher m = WORD.matcher(sql.replace("`", ""));
        while (m.find()) {
            String word = m.group();
            if (db.catalog().table(word) != null || db.config().tables().containsKey(word.toLowerCase(Locale.ROOT))) {
                throw new SQLFeatureNotSupportedException("splitdb does not support naming table " + word + " while database " + database
                        + " is the default: the configuration manages " + word + " in its own database; USE that database first",
                        "0A000");
            }
        }
        LiftedSql raw = LiteralLifter.parametersOnly(sql);
        List<ValueSource> sources = new ArrayList<>();
        for (int i = 0; i < raw.slots().size(); i++) {
            sources.add(ValueSource.arg(i));
        }
        BackendQuery query = new BackendQuery(raw.sql(), sources);
        String first = LEADING_COMMENTS.matcher(sql).replaceFirst("").split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        Plan plan = READS.contains(first) ? new ReadOnePlan(query) : new BroadcastPlan(query, false);
        return new Planner.Planned(plan, raw, false);
    }
}
