package io.splitdb.it;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ALTER TABLE on managed tables, each step run the same on a plain MariaDB database: the logical
 * schema (DESCRIBE) and the rows read back stay equal; a column the policy protects is added as
 * shares; what would need stored values re-sealed fails closed and changes nothing.
 */
@ExtendWith(SplitBackendsExtension.class)
class SchemaIT {

    @Test
    void alterTableKeepsTheLogicalSchemaAndTheData(BackendTrio trio) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "schema", """
                tables:
                  people:
                    name: { protect: shared, search: equality }
                """);
        String plainDb = db.database + "_plain";
        try (Connection admin = db.backend(0); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + plainDb + " CHARACTER SET utf8mb4");
        }
        try (Connection plain = DriverManager.getConnection(trio.jdbcUrls(plainDb).get(0), trio.user(), trio.password())) {
            try (Connection split = db.connect()) {
                both(split, plain, "CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(40))");
                both(split, plain, "INSERT INTO people VALUES (1, 'Chloé'), (2, 'Bob')");
                both(split, plain, "ALTER TABLE people ADD COLUMN ward VARCHAR(10) AFTER id, ADD note TEXT");
                both(split, plain, "UPDATE people SET ward = 'A', note = CONCAT(name, ' note')");
                both(split, plain, "ALTER TABLE people MODIFY ward VARCHAR(20) NOT NULL DEFAULT 'W1'");
                both(split, plain, "ALTER TABLE people RENAME COLUMN note TO remark");
                both(split, plain, "ALTER TABLE people ADD INDEX by_ward (ward)");
                same(split, plain);
                assertThatThrownBy(() -> split.createStatement().execute("ALTER TABLE people MODIFY name VARCHAR(80)"))
                        .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("people.name");
                assertThatThrownBy(() -> split.createStatement().execute("ALTER TABLE people RENAME TO persons"))
                        .isInstanceOf(SQLFeatureNotSupportedException.class);
                assertThatThrownBy(() -> split.createStatement().execute("ALTER TABLE people DROP COLUMN name"))
                        .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("last protected column");
                same(split, plain);
            }
            // the DBA adds a protected column: first the policy, then the ALTER
            String config = Files.readString(db.config, StandardCharsets.UTF_8)
                    .replace("    name: { protect: shared, search: equality }\n",
                            "    name: { protect: shared, search: equality }\n    phone: { protect: shared, search: equality }\n");
            Files.writeString(db.config, config, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(db.config, FileTime.fromMillis(System.currentTimeMillis() + 2000));
            try (Connection split = db.connect()) {
                assertThatThrownBy(() -> split.createStatement().execute("ALTER TABLE people ADD COLUMN phone VARCHAR(20) NOT NULL"))
                        .isInstanceOf(SQLFeatureNotSupportedException.class).hasMessageContaining("people.phone");
                both(split, plain, "ALTER TABLE people ADD COLUMN phone VARCHAR(20) AFTER name");
                both(split, plain, "UPDATE people SET phone = CONCAT('555-000', id)");
                both(split, plain, "INSERT INTO people (id, name, ward, phone) VALUES (3, 'Mei', 'B', '555-0003')");
                same(split, plain);
                try (Statement s = split.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM people WHERE phone = '555-0002'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getInt(1)).isEqualTo(2);
                }
                for (int b = 0; b < 3; b++) {
                    try (Connection direct = db.backend(b); Statement d = direct.createStatement();
                         ResultSet rs = d.executeQuery("SELECT phone, phone_bidx FROM people")) {
                        while (rs.next()) {
                            assertThat(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1)).as("backend %d", b).doesNotContain("555");
                            assertThat(rs.getLong(2)).isNotZero();
                        }
                    }
                }
                both(split, plain, "ALTER TABLE people DROP COLUMN phone");
                same(split, plain);
            }
        }
    }

    @Test
    void truncateAndViews(BackendTrio trio) throws Exception {
        SplitFixture db = SplitFixture.create(trio, "views", """
                tables:
                  people:
                    name: { protect: shared, search: equality }
                """);
        try (Connection split = db.connect(); Statement s = split.createStatement()) {
            s.execute("CREATE TABLE people (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40))");
            s.execute("INSERT INTO people (name) VALUES ('Ann'), ('Bob')");
            s.execute("TRUNCATE TABLE people");
            s.execute("INSERT INTO people (name) VALUES ('Cleo')");
            try (ResultSet rs = s.executeQuery("SELECT id, name FROM people")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("AUTO_INCREMENT restarts").isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo("Cleo");
                assertThat(rs.next()).isFalse();
            }
            assertThatThrownBy(() -> s.execute("CREATE VIEW named AS SELECT id, name FROM people"))
                    .isInstanceOf(SQLFeatureNotSupportedException.class);
            s.execute("CREATE TABLE wards (code VARCHAR(5) PRIMARY KEY, beds INT)");
            s.execute("INSERT INTO wards VALUES ('A', 10), ('B', 12)");
            s.execute("CREATE VIEW big_wards AS SELECT code FROM wards WHERE beds > 10");
            try (ResultSet rs = s.executeQuery("SELECT * FROM big_wards")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("B");
            }
            s.execute("DROP VIEW big_wards");
        }
    }

    private static void both(Connection split, Connection plain, String sql) throws Exception {
        for (Connection c : List.of(split, plain)) {
            try (Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }
    }

    private static void same(Connection split, Connection plain) {
        for (String sql : List.of("DESCRIBE people", "SELECT * FROM people ORDER BY id", "SELECT name, remark FROM people WHERE name = 'chloe'",
                // what Connector/J's getColumns, mysqldump and reporting tools read: the logical columns, not shares and blind
                // indexes (COLLATION_NAME left out: the two databases were created with different default collations)
                "SELECT COLUMN_NAME, ORDINAL_POSITION, COLUMN_DEFAULT, IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH, "
                        + "NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, CHARACTER_SET_NAME, COLUMN_TYPE, COLUMN_KEY, EXTRA "
                        + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'people' ORDER BY ORDINAL_POSITION",
                "SELECT c.COLUMN_NAME, c.DATA_TYPE FROM INFORMATION_SCHEMA.columns c WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME = 'people' "
                        + "AND c.DATA_TYPE LIKE 'var%' ORDER BY 1")) {
            List<List<String>> expected = QueryOutcome.of(plain, sql).rows;
            assertThat((Object) QueryOutcome.of(split, sql).rows).as(sql).isEqualTo(expected);
            assertThat(expected).as(sql).isNotEmpty();
        }
    }
}
