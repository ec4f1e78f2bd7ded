package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The proof of issue 2 on three real MariaDB servers: a thousand synthetic patients written
 * through {@code jdbc:split:}, read back field by field, searched, updated and deleted; every
 * backend dumped in full without a protected value in clear.
 */
@ExtendWith(SplitBackendsExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatientsIT {
    private static final int PATIENTS = 1000;
    private static final String[] FIRST = {"Chloé", "Ana", "Jürgen", "Mei", "Oluwaseun", "Siobhán", "Þór", "Zoë", "Ángel", "Ilse"};
    private static final String[] LAST = {"Martin", "Øvergård", "Nakamura", "O'Brien", "García", "Kowalski", "Dubois", "Ng", "Müller", "Smith"};
    private static final String[] DIAGNOSES = {"Type 2 diabetes mellitus", "Essential hypertension", "Major depressive disorder",
            "HIV infection", "Asthma", "Chronic kidney disease stage 3", "Hepatitis C", "Schizophrenia", "Breast carcinoma", "Epilepsy"};

    static SplitFixture db;
    static final List<Patient> patients = new ArrayList<>();

    record Patient(long id, String name, String ssn, LocalDate born, String diagnosis, String ward, BigDecimal balance, byte[] scan) {
    }

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = SplitFixture.create(trio, "patients", """
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    ssn:       { protect: shared, search: equality, bits: 16 }
                    born:      { protect: shared }
                    diagnosis: { protect: shared }
                    balance:   { protect: shared }
                    scan:      { protect: encrypted }
                """);
        Random random = new Random(42);
        for (int i = 0; i < PATIENTS; i++) {
            String name = FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)] + " " + i;
            String ssn = String.format("%03d-%02d-%04d", 100 + random.nextInt(800), random.nextInt(100), i);
            LocalDate born = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(90 * 365));
            String diagnosis = DIAGNOSES[random.nextInt(DIAGNOSES.length)] + (random.nextBoolean() ? "" : " (follow-up " + i + ")");
            BigDecimal balance = BigDecimal.valueOf(random.nextInt(10_000_000) - 2_000_000, 2);
            byte[] scan = new byte[random.nextInt(64)];
            random.nextBytes(scan);
            patients.add(new Patient(0, name, ssn, born, diagnosis, "W" + random.nextInt(5), i % 17 == 0 ? null : balance,
                    i % 13 == 0 ? null : scan));
        }
    }

    @Test
    @Order(1)
    void createsTablesOnAllThreeBackends() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patients (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, ssn CHAR(11), "
                    + "born DATE, diagnosis TEXT, ward VARCHAR(10), balance DECIMAL(10,2), scan BLOB, "
                    + "admitted DATETIME DEFAULT '2024-01-01 00:00:00')");
        }
        for (int b = 0; b < 3; b++) {
            try (Connection c = db.backend(b); ResultSet rs = c.getMetaData().getColumns(db.database, null, "patients", "%")) {
                List<String> columns = new ArrayList<>();
                while (rs.next()) {
                    columns.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("TYPE_NAME"));
                }
                assertThat(columns).contains("id:BIGINT", "ward:VARCHAR", "name_bidx:BIGINT", "ssn_bidx:BIGINT", "_split_rowid:BIGINT",
                        "_split_ver:BIGINT");
                assertThat(columns).filteredOn(col -> col.startsWith("name:") || col.startsWith("diagnosis:") || col.startsWith("born:"))
                        .allMatch(col -> col.contains("BINARY") || col.contains("BLOB"));
            }
        }
    }

    @Test
    @Order(2)
    void insertsAThousandPatients() throws Exception {
        try (Connection c = db.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO patients (name, ssn, born, diagnosis, ward, balance, scan) "
                     + "VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            for (int i = 0; i < PATIENTS; i++) {
                Patient p = patients.get(i);
                ps.setString(1, p.name());
                ps.setString(2, p.ssn());
                ps.setDate(3, Date.valueOf(p.born()));
                ps.setString(4, p.diagnosis());
                ps.setString(5, p.ward());
                ps.setBigDecimal(6, p.balance());
                ps.setBytes(7, p.scan());
                assertThat(ps.executeUpdate()).isEqualTo(1);
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertThat(keys.next()).isTrue();
                    long id = keys.getLong(1);
                    patients.set(i, new Patient(id, p.name(), p.ssn(), p.born(), p.diagnosis(), p.ward(), p.balance(), p.scan()));
                }
            }
        }
        assertThat(patients).extracting(Patient::id).doesNotHaveDuplicates().allMatch(id -> id > 0);
    }

    @Test
    @Order(3)
    void readsEveryPatientBackFieldByField() throws Exception {
        Map<Long, Patient> byId = new HashMap<>();
        patients.forEach(p -> byId.put(p.id(), p));
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM patients ORDER BY id")) {
            ResultSetMetaData md = rs.getMetaData();
            assertThat(md.getColumnCount()).isEqualTo(9);
            assertThat(md.getColumnLabel(2)).isEqualTo("name");
            assertThat(md.getColumnType(2)).isEqualTo(Types.VARCHAR);
            assertThat(md.getColumnType(4)).isEqualTo(Types.DATE);
            assertThat(md.getColumnType(7)).isEqualTo(Types.DECIMAL);
            assertThat(md.getScale(7)).isEqualTo(2);
            int n = 0;
            long previous = 0;
            while (rs.next()) {
                n++;
                Patient p = byId.get(rs.getLong("id"));
                assertThat(rs.getLong(1)).isGreaterThan(previous);
                previous = rs.getLong(1);
                assertThat(rs.getString("name")).isEqualTo(p.name());
                assertThat(rs.getString("ssn")).isEqualTo(p.ssn());
                assertThat(rs.getDate("born").toLocalDate()).isEqualTo(p.born());
                assertThat(rs.getObject("born")).isInstanceOf(Date.class);
                assertThat(rs.getString("diagnosis")).isEqualTo(p.diagnosis());
                assertThat(rs.getString("ward")).isEqualTo(p.ward());
                assertThat(rs.getBigDecimal("balance")).isEqualTo(p.balance());
                assertThat(rs.wasNull()).isEqualTo(p.balance() == null);
                assertThat(rs.getBytes("scan")).isEqualTo(p.scan());
                assertThat(rs.getObject("admitted", LocalDateTime.class)).isEqualTo(LocalDateTime.of(2024, 1, 1, 0, 0));
            }
            assertThat(n).isEqualTo(PATIENTS);
        }
    }

    @Test
    @Order(4)
    void searchesProtectedColumnsByEquality() throws Exception {
        Patient p = patients.get(123);
        try (Connection c = db.connect()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, diagnosis FROM patients WHERE ssn = ?")) {
                ps.setString(1, p.ssn());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(p.id());
                    assertThat(rs.getString(3)).isEqualTo(p.diagnosis());
                    assertThat(rs.next()).isFalse();
                }
            }
            // the default UCA collations compare case- and accent-insensitively: so must the blind index
            String shouted = p.name().toUpperCase(java.util.Locale.ROOT);
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM patients WHERE name = '" + shouted.replace("'", "''") + "'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(p.id());
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM patients WHERE ssn IN ('" + patients.get(1).ssn() + "', '"
                         + patients.get(2).ssn() + "', 'no-such-ssn')")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2);
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name FROM patients WHERE ward = 'W1' AND name = '" + p.name().replace("'", "''")
                         + "' ORDER BY id LIMIT 5")) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                assertThat(names).isEqualTo(p.ward().equals("W1") ? List.of(p.name()) : List.of());
            }
            // ranges on protected DATE and DECIMAL columns run in the driver over decrypted rows
            String[][] ranges = {
                    {"born BETWEEN '1950-01-01' AND '1960-12-31'", null},
                    {"balance > 1000.00", null},
                    {"balance <= -5 AND ward = 'W2'", null},
                    {"born >= '1990-06-15 12:00:00'", null},
            };
            long[] expected = {
                    patients.stream().filter(x -> !x.born().isBefore(java.time.LocalDate.of(1950, 1, 1))
                            && !x.born().isAfter(java.time.LocalDate.of(1960, 12, 31))).count(),
                    patients.stream().filter(x -> x.balance() != null && x.balance().compareTo(new BigDecimal("1000.00")) > 0).count(),
                    patients.stream().filter(x -> x.balance() != null && x.balance().compareTo(new BigDecimal("-5")) <= 0
                            && x.ward().equals("W2")).count(),
                    patients.stream().filter(x -> x.born().isAfter(java.time.LocalDate.of(1990, 6, 15))).count(),
            };
            for (int i = 0; i < ranges.length; i++) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM patients WHERE " + ranges[i][0])) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(ranges[i][0]).isEqualTo(expected[i]).isPositive();
                }
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM patients WHERE balance IS NULL")) {
                int nulls = 0;
                while (rs.next()) {
                    nulls++;
                }
                assertThat(nulls).isEqualTo((int) patients.stream().filter(x -> x.balance() == null).count());
            }
        }
    }

    @Test
    @Order(5)
    void answersInTheDriverWhatBackendsCannotAndRefusesTheRest() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            long followUps = patients.stream().filter(p -> p.diagnosis().toLowerCase(java.util.Locale.ROOT).contains("follow-up 1")).count();
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(id) FROM patients WHERE diagnosis LIKE '%FOLLOW-UP 1%'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(followUps).isPositive();
            }
            Map<String, Long> perWard = new java.util.TreeMap<>();
            patients.forEach(p -> perWard.merge(p.ward(), 1L, Long::sum));
            Map<String, Long> read = new java.util.TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT ward, COUNT(DISTINCT ssn) FROM patients GROUP BY ward ORDER BY UPPER(MIN(name))")) {
                while (rs.next()) {
                    read.put(rs.getString(1), rs.getLong(2));
                }
            }
            assertThat(read).isEqualTo(perWard);
            assertThatThrownBy(() -> s.executeQuery("SELECT id, RANK() OVER (ORDER BY born) FROM patients"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class)
                    .extracting("SQLState").isEqualTo("0A000");
            Patient first = patients.get(0);
            assertThat(s.executeUpdate("UPDATE patients SET name = CONCAT(name, 'x') WHERE id = " + first.id())).isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SELECT name FROM patients WHERE id = " + first.id())) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(first.name() + "x");
            }
            assertThat(s.executeUpdate("UPDATE patients SET name = LEFT(name, CHAR_LENGTH(name) - 1) WHERE id = " + first.id()
                    + " AND name LIKE '%x'")).isEqualTo(1);
            try (ResultSet rs = s.executeQuery("SELECT name FROM patients WHERE id = " + first.id())) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(first.name());
            }
        }
    }

    @Test
    @Order(6)
    void updatesByKeyAndByProtectedPredicate() throws Exception {
        Patient p = patients.get(10);
        Patient q = patients.get(11);
        try (Connection c = db.connect()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE patients SET diagnosis = ?, ward = ? WHERE id = ?")) {
                ps.setString(1, "Recovered");
                ps.setString(2, "W9");
                ps.setLong(3, p.id());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            try (Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("UPDATE patients SET balance = 12.5 WHERE ssn = '" + q.ssn() + "'")).isEqualTo(1);
                assertThat(s.executeUpdate("UPDATE patients SET ward = 'W8' WHERE id = " + q.id())).isEqualTo(1);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT diagnosis, ward, name, ssn FROM patients WHERE id = ?")) {
                ps.setLong(1, p.id());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("Recovered");
                    assertThat(rs.getString(2)).isEqualTo("W9");
                    assertThat(rs.getString(3)).isEqualTo(p.name());
                    assertThat(rs.getString(4)).isEqualTo(p.ssn());
                }
                ps.setLong(1, q.id());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(2)).isEqualTo("W8");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT balance FROM patients WHERE ssn = ?")) {
                ps.setString(1, q.ssn());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("12.50");
                }
            }
            // the old ciphertexts are gone: searching the old diagnosis value finds nothing new
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM patients WHERE name = ?")) {
                ps.setString(1, p.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
            }
        }
    }

    @Test
    @Order(7)
    void writesNoProtectedValueInClearToAnyBackend() throws Exception {
        List<String> secrets = new ArrayList<>();
        for (Patient p : patients) {
            secrets.add(p.name());
            secrets.add(p.ssn());
        }
        for (String d : DIAGNOSES) {
            secrets.add(d);
        }
        for (int b = 0; b < 3; b++) {
            String everything = readAll(b);
            assertThat(everything).contains("W1");  // plain columns are there in clear: the scan works
            for (String secret : secrets) {
                assertThat(everything).as("backend %d holds '%s' in clear", b, secret).doesNotContain(secret);
            }
            var dump = db.trio.clientBin("mariadb-dump");
            if (dump.isPresent()) {
                String dumped = mariadbDump(dump.get(), b);
                assertThat(dumped).contains("_split_rowid");
                for (String secret : secrets) {
                    assertThat(dumped).as("mariadb-dump of backend %d shows '%s'", b, secret).doesNotContain(secret);
                }
            }
        }
    }

    /** Every value of every column of every table on backend {@code b}, as text and as Latin-1/UTF-8 of raw bytes. */
    private static String readAll(int b) throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection c = db.backend(b); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW TABLES")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("patients", "_split_catalog");
            for (String t : tables) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM `" + t + "`")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            byte[] raw = rs.getBytes(i);
                            if (raw != null) {
                                all.append(new String(raw, StandardCharsets.UTF_8)).append('\u0001')
                                        .append(new String(raw, StandardCharsets.ISO_8859_1)).append('\u0001');
                            }
                        }
                    }
                }
            }
        }
        return all.toString();
    }

    private static String mariadbDump(Path tool, int b) throws IOException, InterruptedException {
        String url = db.trio.jdbcUrls(db.database).get(b);
        java.net.URI uri = java.net.URI.create(url.substring("jdbc:".length()));
        Path out = db.dir.resolve("dump-" + b + ".sql");
        List<String> cmd = new ArrayList<>(List.of(tool.toString(), "--host=" + uri.getHost(), "--port=" + uri.getPort(),
                "--user=" + db.trio.user(), "--skip-ssl", "--hex-blob=false", db.database));
        if (db.trio.password() != null && !db.trio.password().isEmpty()) {
            cmd.add(3, "--password=" + db.trio.password());
        }
        cmd.removeIf(a -> a.equals("--hex-blob=false"));
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectErrorStream(false).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("mariadb-dump failed: %s", err).isZero();
        return new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1) + new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
    }

    @Test
    @Order(8)
    void deletesByKeyAndByProtectedPredicate() throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("DELETE FROM patients WHERE id = " + patients.get(0).id())).isEqualTo(1);
            assertThat(s.executeUpdate("DELETE FROM patients WHERE ssn = '" + patients.get(1).ssn() + "'")).isEqualTo(1);
            assertThat(s.executeUpdate("DELETE FROM patients WHERE ssn = 'nobody'")).isZero();
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM patients")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(PATIENTS - 2);
            }
            for (int b = 0; b < 3; b++) {
                try (Connection direct = db.backend(b); Statement d = direct.createStatement();
                     ResultSet rs = d.executeQuery("SELECT COUNT(*) FROM patients")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("rows on backend %d", b).isEqualTo(PATIENTS - 2);
                }
            }
            assertThat(s.executeUpdate("DELETE FROM patients WHERE ward = 'W0'")).isPositive();
            s.execute("DROP TABLE patients");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM patients")).isInstanceOf(SQLException.class);
        }
    }
}
