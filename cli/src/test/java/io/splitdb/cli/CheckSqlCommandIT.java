package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * splitdb check-sql: a general query log of a hospital application judged against the policy,
 * statement shape by statement shape, without running anything and without printing its values.
 */
@ExtendWith(SplitBackendsExtension.class)
class CheckSqlCommandIT {
    static CliFixture db;
    static String config;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        db = CliFixture.create(trio, "checksql", """
                tables:
                  patients:
                    name:      { protect: shared, search: equality }
                    diagnosis: { protect: shared }
                """);
        config = db.config.toString();
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100), diagnosis VARCHAR(200), ward INT)");
            s.execute("CREATE TABLE wards (id INT PRIMARY KEY, beds INT)");
            s.execute("INSERT INTO wards VALUES (1, 10)");
        }
    }

    private static Path write(String name, String text) throws Exception {
        Path file = db.dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aGeneralLogIsJudgedShapeByShape() throws Exception {
        Path log = write("general.log", """
                /usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:
                Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
                Time                 Id Command    Argument
                2024-03-05T10:15:30.000001Z\t    8 Connect\tapp@10.0.0.5 on hospital using TCP/IP
                2024-03-05T10:15:30.000002Z\t    8 Query\tSET NAMES utf8mb4
                2024-03-05T10:15:30.000003Z\t    8 Query\tSELECT name, diagnosis FROM patients WHERE id = 17
                2024-03-05T10:15:30.000004Z\t    8 Query\tSELECT name, diagnosis FROM patients WHERE id = 18
                2024-03-05T10:15:30.000005Z\t    8 Query\tSELECT id FROM patients
                WHERE name = 'secret-Chloé'
                2024-03-05T10:15:30.000006Z\t    8 Query\tSELECT id, name FROM patients WHERE diagnosis LIKE '%secret-flu%'
                2024-03-05T10:15:30.000007Z\t    8 Query\tUPDATE wards SET beds = beds - 1 WHERE id = 1
                2024-03-05T10:15:30.000008Z\t    8 Query\tSTART TRANSACTION
                2024-03-05T10:15:30.000009Z\t    8 Execute\tINSERT INTO patients (name, diagnosis, ward) VALUES ('secret-Ann', 'secret-cold', 1)
                2024-03-05T10:15:30.000010Z\t    8 Query\tCOMMIT
                2024-03-05T10:15:30.000011Z\t    8 Query\tLOCK TABLES patients WRITE
                2024-03-05T10:15:30.000012Z\t    9 Connect\treport@10.0.0.6 on billing using TCP/IP
                2024-03-05T10:15:30.000013Z\t    9 Query\tSELECT * FROM invoices WHERE amount > 100
                2024-03-05T10:15:30.000014Z\t    8 Query\tSELECT name FROM patients ORDER BY name LIMIT 10
                2024-03-05T10:15:30.000015Z\t    8 Quit\t
                """);
        CliFixture.Run run = CliFixture.splitdb("check-sql", "--config", config, "--log", log.toString(), "--database", "hospital");
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out())
                .contains("check-sql: 11 statements, 10 shapes")
                .contains("1 statements of sessions on other databases than hospital were not checked")
                .containsPattern("runs over shares \\(protected values sealed or opened by the driver\\)\\s+3 shapes\\s+4 statements")
                .containsPattern("runs partly in the driver\\s+2 shapes\\s+2 statements")
                .containsPattern("fails closed \\(SQLState 0A000\\)\\s+1 shapes\\s+1 statements")
                .containsPattern("runs as written on the backends\\s+1 shapes\\s+1 statements")
                .containsPattern("runs: session or transaction control\\s+3 shapes\\s+3 statements")
                .contains("line 15 (1x): LOCK TABLES patients WRITE")
                .contains("line 10 (1x): SELECT id, name FROM patients WHERE diagnosis LIKE ?")
                .contains("line 18 (1x): SELECT name FROM patients ORDER BY name LIMIT 10");
        assertThat(run.all()).doesNotContain("secret-");
    }

    @Test
    void nothingIsRunOrWritten() throws Exception {
        Path statements = write("statements.sql", """
                INSERT INTO patients (name, diagnosis, ward) VALUES ('secret-Bob', 'secret-x', 1);
                DELETE FROM wards;
                DROP TABLE wards;
                """);
        CliFixture.Run run = CliFixture.splitdb("check-sql", "--config", config, "--file", statements.toString(), "--all");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("check-sql: 3 statements, 3 shapes").contains("Run as written:").contains("DELETE FROM wards");
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM wards")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM patients")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    void refusesToJudgeBeforeTheSplitSchemaExists(BackendTrio trio) throws Exception {
        CliFixture fresh = CliFixture.create(trio, "checksql_empty", """
                tables:
                  patients:
                    name: { protect: shared }
                """);
        Path log = fresh.dir.resolve("statements.sql");
        Files.writeString(log, "SELECT name FROM patients WHERE id = 1;\n");
        CliFixture.Run run = CliFixture.splitdb("check-sql", "--config", fresh.config.toString(), "--file", log.toString());
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("the policy protects columns of patients, which the split database does not hold yet")
                .contains("splitdb init");
    }

    @Test
    void usageErrors() {
        CliFixture.Run missing = CliFixture.splitdb("check-sql", "--config", config, "--log", db.dir.resolve("nope.log").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        CliFixture.Run both = CliFixture.splitdb("check-sql", "--config", config, "--log", "a", "--file", "b");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
    }
}
