package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Statement.cancel() from another thread and Statement.setQueryTimeout stop statements that run on
 * the backends: a protected read (two backends at once), a plain read, and a write on all three,
 * which is rolled back everywhere; the connection goes on working.
 */
@ExtendWith(SplitBackendsExtension.class)
class CancelIT {
    private static final String TABLES = """
            tables:
              patients:
                name: { protect: shared, search: equality }
            """;

    @Test
    void aQueryTimeoutStopsASlowRead(BackendTrio trio) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "cancel_timeout", TABLES);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            setUp(s);
            s.setQueryTimeout(1);
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.executeQuery("SELECT name, SLEEP(4) FROM patients")).isInstanceOf(SQLTimeoutException.class);
            assertThat(millisSince(start)).as("stopped by the timeout, not the 4 s sleep").isLessThan(3_500);
            s.setQueryTimeout(0);
            assertThat(name(s)).isEqualTo("Ann");
        }
    }

    @Test
    void cancelStopsAProtectedReadAndAPlainWriteWhichIsRolledBack(BackendTrio trio) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "cancel_client", TABLES);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            setUp(s);
            cancelLater(timer, s);
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.executeQuery("SELECT name, SLEEP(4) FROM patients"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("interrupted")
                    .extracting("SQLState", "errorCode").containsExactly("70100", 1317);
            assertThat(millisSince(start)).isLessThan(3_500);
            assertThat(name(s)).as("the connection goes on").isEqualTo("Ann");

            cancelLater(timer, s);
            start = System.nanoTime();
            assertThatThrownBy(() -> s.executeUpdate("UPDATE wards SET beds = 99 WHERE SLEEP(4) = 0"))
                    .isInstanceOf(SQLException.class)
                    .extracting("SQLState").isEqualTo("70100");
            assertThat(millisSince(start)).isLessThan(3_500);
            for (int b = 0; b < 3; b++) {
                try (Connection backend = db.backend(b); Statement q = backend.createStatement();
                     ResultSet rs = q.executeQuery("SELECT beds FROM wards")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).as("backend " + b + " rolled back").isEqualTo(12);
                }
            }
            assertThat(s.executeUpdate("UPDATE wards SET beds = 13")).isEqualTo(1);
            s.cancel();  // nothing runs: nothing happens
            assertThat(name(s)).isEqualTo("Ann");
        } finally {
            timer.shutdownNow();
        }
    }

    private static void cancelLater(ScheduledExecutorService timer, Statement s) {
        timer.schedule(() -> {
            s.cancel();
            return null;
        }, 500, TimeUnit.MILLISECONDS);
    }

    private static void setUp(Statement s) throws SQLException {
        s.execute("CREATE TABLE patients (id INT PRIMARY KEY, name VARCHAR(100))");
        s.execute("INSERT INTO patients VALUES (1, 'Ann')");
        s.execute("CREATE TABLE wards (id INT PRIMARY KEY, beds INT)");
        s.execute("INSERT INTO wards VALUES (1, 12)");
    }

    private static String name(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT name FROM patients WHERE id = 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
