package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.jdbc.SplitConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every pooled connection busy is not a backend failure: the statement waits up to the connect
 * timeout and fails with HYT00 naming options.pool-size, and no backend is taken out of service.
 */
@ExtendWith(SplitBackendsExtension.class)
class PoolExhaustionIT {

    @Test
    void aFullPoolIsReportedAsSuchAndNoBackendIsMarkedDown(BackendTrio trio) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "pool_full", """
                tables:
                  patients:
                    name: { protect: shared }
                """, "  pool-size: 1\n");
        try (Connection holder = db.connect(); Connection other = db.connect();
             Statement h = holder.createStatement(); Statement o = other.createStatement()) {
            o.execute("CREATE TABLE patients (id INT PRIMARY KEY, name VARCHAR(100))");
            o.execute("INSERT INTO patients VALUES (1, 'Ann')");
            o.execute("CREATE TABLE wards (id INT PRIMARY KEY, beds INT)");
            o.execute("INSERT INTO wards VALUES (1, 12)");
            holder.setAutoCommit(false);
            assertThat(h.executeUpdate("UPDATE wards SET beds = 13")).isEqualTo(1);  // holds the one connection to each backend

            long start = System.nanoTime();
            assertThatThrownBy(() -> o.executeQuery("SELECT name FROM patients WHERE id = 1"))
                    .isInstanceOf(SQLTransientException.class)
                    .hasMessageContaining("options.pool-size")
                    .extracting("SQLState").isEqualTo("HYT00");
            assertThat((System.nanoTime() - start) / 1_000_000).as("waited for a connection first").isGreaterThanOrEqualTo(1_000);

            holder.commit();
            boolean[] inService = other.unwrap(SplitConnection.class).database().health().getBackendsInService();
            assertThat(inService).as("no backend was taken out of service").containsOnly(true);
            try (ResultSet rs = o.executeQuery("SELECT name FROM patients WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("Ann");
            }
            try (ResultSet rs = o.executeQuery("SELECT beds FROM wards")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(13);
            }
        }
    }
}
