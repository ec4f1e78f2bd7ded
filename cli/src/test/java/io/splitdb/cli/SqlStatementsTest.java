package io.splitdb.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Splitting a script at its delimiters the way the mysql client does. */
class SqlStatementsTest {

    private static List<SqlStatements.Statement> read(String script) throws Exception {
        return SqlStatements.read(new BufferedReader(new StringReader(script)));
    }

    @Test
    void quotesAndCommentsDoNotEndAStatement() throws Exception {
        List<SqlStatements.Statement> s = read("""
                -- the schema; with a semicolon in a comment
                CREATE TABLE patients (
                  id INT PRIMARY KEY, # a comment; here too
                  name VARCHAR(100) COMMENT 'full name; as on the card',
                  `odd;name` INT /* and; here */
                );
                INSERT INTO patients VALUES (1, 'O\\'Brien; Jr', 2);INSERT INTO t VALUES ("x;y");
                /*!40101 SET NAMES utf8mb4 */;
                SELECT 1--not a comment without a space
                ;
                """);
        assertThat(s).extracting(SqlStatements.Statement::line).containsExactly(2L, 7L, 7L, 8L, 9L);
        assertThat(s.get(0).sql()).startsWith("CREATE TABLE patients (").contains("'full name; as on the card'")
                .contains("`odd;name` INT").doesNotContain("comment; here too").doesNotContain("and; here").endsWith(")");
        assertThat(s.get(1).sql()).isEqualTo("INSERT INTO patients VALUES (1, 'O\\'Brien; Jr', 2)");
        assertThat(s.get(2).sql()).isEqualTo("INSERT INTO t VALUES (\"x;y\")");
        assertThat(s.get(3).sql()).isEqualTo("/*!40101 SET NAMES utf8mb4 */");
        assertThat(s.get(4).sql()).isEqualTo("SELECT 1--not a comment without a space");
    }

    @Test
    void delimiterLinesChangeTheDelimiter() throws Exception {
        List<SqlStatements.Statement> s = read("""
                DELIMITER //
                CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END//
                DELIMITER ;
                SELECT 2;
                """);
        assertThat(s).extracting(SqlStatements.Statement::sql)
                .containsExactly("CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END", "SELECT 2");
    }

    @Test
    void aLastStatementWithoutDelimiterCounts() throws Exception {
        assertThat(read("SELECT 1;\n\n  SELECT 2  \n")).extracting(SqlStatements.Statement::sql).containsExactly("SELECT 1", "SELECT 2");
        assertThat(read("  \n-- only a comment\n")).isEmpty();
    }
}
