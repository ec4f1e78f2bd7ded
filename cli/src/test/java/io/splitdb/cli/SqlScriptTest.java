package io.splitdb.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The schema-script splitter: delimiters inside quotes and comments do not end a statement. */
class SqlScriptTest {

    @Test
    void quotesCommentsAndBackticksKeepTheirSemicolons() {
        List<SqlScript.Statement> s = SqlScript.split("""
                -- a comment; with a semicolon
                # another; one
                CREATE TABLE `odd;name` (id INT PRIMARY KEY, note VARCHAR(20) DEFAULT 'a;b'); /* c; d */
                INSERT INTO t VALUES ('it''s; fine', "dq; \\" x", 'back\\\\'); SELECT 5--3;
                /*!40101 SET NAMES utf8mb4 */;
                """);
        assertThat(s).extracting(SqlScript.Statement::sql).containsExactly(
                "CREATE TABLE `odd;name` (id INT PRIMARY KEY, note VARCHAR(20) DEFAULT 'a;b')",
                "INSERT INTO t VALUES ('it''s; fine', \"dq; \\\" x\", 'back\\\\')",
                "SELECT 5--3",
                "/*!40101 SET NAMES utf8mb4 */");
        assertThat(s).extracting(SqlScript.Statement::line).containsExactly(3, 4, 4, 5);
        assertThat(s).extracting(SqlScript.Statement::number).containsExactly(1, 2, 3, 4);
    }

    @Test
    void delimiterLinesChangeTheDelimiter() {
        List<SqlScript.Statement> s = SqlScript.split("""
                DELIMITER $$
                INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)$$
                DELIMITER ;
                SELECT 1;
                """);
        assertThat(s).extracting(SqlScript.Statement::sql)
                .containsExactly("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)", "SELECT 1");
        assertThat(s.get(1).line()).isEqualTo(4);
    }

    @Test
    void unterminatedQuotesAndCommentsNameTheirLine() {
        assertThatThrownBy(() -> SqlScript.split("SELECT 1;\nSELECT 'oops;\n")).hasMessageContaining("line 2");
        assertThatThrownBy(() -> SqlScript.split("SELECT 1; /* never\nclosed")).hasMessageContaining("line 1");
    }

    @Test
    void routinesAreRecognised() {
        assertThat(SqlScript.isRoutine("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW SET NEW.a = 1")).isTrue();
        assertThat(SqlScript.isRoutine("create definer=`root`@`localhost` procedure p() begin end")).isTrue();
        assertThat(SqlScript.isRoutine("CREATE OR REPLACE FUNCTION f() RETURNS INT RETURN 1")).isTrue();
        assertThat(SqlScript.isRoutine("CREATE TABLE triggers (id INT)")).isFalse();
    }

    @Test
    void fragmentsAreShort() {
        SqlScript.Statement s = SqlScript.split("CREATE TABLE t (\n  a INT,\n  b INT,\n  c INT,\n  d INT,\n  e INT,\n  f INT, g INT, h INT)").get(0);
        assertThat(s.fragment()).startsWith("CREATE TABLE t ( a INT, b INT,").hasSizeLessThanOrEqualTo(60).endsWith("...");
    }
}
