package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.proxy.ProxyServer;
import io.splitdb.proxy.auth.NativePassword;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Server-side prepared statements and the binary protocol (COM_STMT_PREPARE / EXECUTE /
 * SEND_LONG_DATA / RESET / CLOSE) with MySQL Connector/J and MariaDB Connector/J
 * ({@code useServerPrepStmts=true}), on a table with protected columns.
 */
@ExtendWith(SplitBackendsExtension.class)
class ProxyPreparedIT {
    private static final String PASSWORD = "prepared-pass-1";
    static CliFixture db;
    static ProxyFixture proxy;
    static ProxyServer server;
    static int port;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        proxy = ProxyFixture.start(trio, "prepared", """
                tables:
                  mysql_typed:
                    name:  { protect: shared, search: equality }
                    note:  { protect: shared }
                    scan:  { protect: shared }
                  mariadb_typed:
                    name:  { protect: shared, search: equality }
                    note:  { protect: shared }
                    scan:  { protect: shared }
                """, ProxyFixture.users("app", NativePassword.hash(PASSWORD)));
        db = proxy.db();
        server = proxy.server();
        port = proxy.port();
    }

    @AfterAll
    static void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static Connection connect(String driver) throws SQLException {
        String url = driver.equals("mysql")
                ? "jdbc:mysql://127.0.0.1:" + port + "/" + db.database + "?useSSL=false&useServerPrepStmts=true&cachePrepStmts=false&connectTimeout=5000"
                : "jdbc:mariadb://127.0.0.1:" + port + "/" + db.database + "?sslMode=disable&useServerPrepStmts=true&connectTimeout=5000";
        return DriverManager.getConnection(url, "app", PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void typedParametersAndBinaryRowsRoundTrip(String driver) throws Exception {
        String table = driver + "_typed";
        byte[] blob = new byte[70_000];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) (i * 31);
        }
        String longText = "Überweisung ".repeat(20_000);
        long executionsBefore = server.preparedExecutions();
        try (Connection c = connect(driver)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(80), small TINYINT, big BIGINT, "
                        + "fee DECIMAL(10,2), ratio DOUBLE, weight FLOAT, born DATE, seen DATETIME(3), took TIME, flag BOOLEAN, "
                        + "note LONGTEXT, scan LONGBLOB, bits BIT(5))");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                    + " (name, small, big, fee, ratio, weight, born, seen, took, flag, note, scan, bits) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                assertThat(ps.getClass().getSimpleName()).as("a server-side prepared statement, not the client-side fallback")
                        .startsWith("ServerPrepared");
                ps.setString(1, "Zoë Ólafsdóttir");
                ps.setByte(2, (byte) -7);
                ps.setLong(3, 9_007_199_254_740_993L);
                ps.setBigDecimal(4, new BigDecimal("1234.56"));
                ps.setDouble(5, 0.1 + 0.2);
                ps.setFloat(6, 61.5f);
                ps.setDate(7, Date.valueOf("1990-07-14"));
                ps.setTimestamp(8, Timestamp.valueOf("2024-03-01 08:30:15.125"));
                ps.setTime(9, Time.valueOf("01:02:03"));
                ps.setBoolean(10, true);
                ps.setCharacterStream(11, new StringReader(longText)); // may travel as COM_STMT_SEND_LONG_DATA
                ps.setBinaryStream(12, new ByteArrayInputStream(blob), blob.length);
                ps.setBytes(13, new byte[] {0b10101});
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    assertThat(keys.getLong(1)).isEqualTo(1);
                }
                // the same statement again with other values, NULLs among them
                ps.setString(1, "Ana");
                for (int i = 2; i <= 13; i++) {
                    ps.setNull(i, java.sql.Types.NULL);
                }
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, small, big, fee, ratio, weight, born, seen, took, flag, note, scan, bits FROM "
                    + table + " WHERE name = ?")) {
                ps.setString(1, "Zoë Ólafsdóttir");
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt("id")).isEqualTo(1);
                    assertThat(rs.getString("name")).isEqualTo("Zoë Ólafsdóttir");
                    assertThat(rs.getByte("small")).isEqualTo((byte) -7);
                    assertThat(rs.getLong("big")).isEqualTo(9_007_199_254_740_993L);
                    assertThat(rs.getBigDecimal("fee")).isEqualByComparingTo("1234.56");
                    assertThat(rs.getDouble("ratio")).isEqualTo(0.1 + 0.2);
                    assertThat(rs.getFloat("weight")).isEqualTo(61.5f);
                    assertThat(rs.getObject("born", LocalDate.class)).isEqualTo(LocalDate.of(1990, 7, 14));
                    assertThat(rs.getObject("seen", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 3, 1, 8, 30, 15, 125_000_000));
                    assertThat(rs.getString("took")).startsWith("01:02:03");
                    assertThat(rs.getBoolean("flag")).isTrue();
                    assertThat(rs.getString("note")).isEqualTo(longText);
                    assertThat(rs.getBytes("scan")).isEqualTo(blob);
                    assertThat(rs.getBytes("bits")).isEqualTo(new byte[] {0b10101});
                    assertThat(rs.next()).isFalse();
                }
                ps.setString(1, "Ana");
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getObject("big")).isNull();
                    assertThat(rs.getObject("seen")).isNull();
                    assertThat(rs.getBytes("scan")).isNull();
                }
                ps.setString(1, "nobody");
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isFalse();
                }
            }
            assertThat(server.preparedExecutions() - executionsBefore).as("COM_STMT_EXECUTE answered by the proxy").isGreaterThanOrEqualTo(5);
            // the backends hold shares of the protected values, not the values
            try (Connection b = db.backend(1); Statement s = b.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name, note FROM " + table + " WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(new String(rs.getBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("Ólafs");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql", "mariadb"})
    void batchesErrorsAndReuse(String driver) throws Exception {
        String table = "batch_" + driver;
        try (Connection c = connect(driver)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(20))");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
                for (int i = 1; i <= 50; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "v" + i);
                    ps.addBatch();
                }
                assertThat(Arrays.stream(ps.executeBatch()).sum()).isEqualTo(50);
                ps.setInt(1, 7);
                ps.setString(2, "duplicate");
                assertThatThrownBy(ps::executeUpdate).isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1062);
                    assertThat(e.getSQLState()).isEqualTo("23000");
                });
                ps.setInt(1, 51);
                ps.setString(2, "after the error");
                assertThat(ps.executeUpdate()).as("the statement and the session go on").isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), MAX(id) FROM " + table + " WHERE id > ?")) {
                ps.setInt(1, 0);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(51);
                    assertThat(rs.getInt(2)).isEqualTo(51);
                }
            }
        }
    }

    @Test
    void closedAndUnknownStatementsAreErrorsThatLeaveTheSessionUsable() throws Exception {
        try (Connection c = connect("mysql"); Statement s = c.createStatement()) {
            for (int i = 0; i < 200; i++) {
                try (PreparedStatement ps = c.prepareStatement("SELECT ? + " + i)) { // each one prepared, executed and closed
                    ps.setInt(1, 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(1 + i);
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }
}
