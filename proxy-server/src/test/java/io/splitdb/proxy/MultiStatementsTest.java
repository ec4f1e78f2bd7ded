package io.splitdb.proxy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MultiStatementsTest {
    @Test
    void cutsAtSemicolonsOutsideQuotesAndComments() {
        assertThat(MultiStatements.split("SELECT 1; SELECT 'a;b', \"c;d\", `e;f` ; SELECT 3 -- x;y\n; SELECT 4 # p;q\n;"
                + " /* r;s */ SELECT 5"))
                .containsExactly("SELECT 1", "SELECT 'a;b', \"c;d\", `e;f`", "SELECT 3 -- x;y", "SELECT 4 # p;q", "/* r;s */ SELECT 5");
    }

    @Test
    void escapedAndDoubledQuotesDoNotEndAString() {
        assertThat(MultiStatements.split("INSERT INTO t VALUES ('it\\'s;', 'a''b;c');SELECT 2"))
                .containsExactly("INSERT INTO t VALUES ('it\\'s;', 'a''b;c')", "SELECT 2");
    }

    @Test
    void aTrailingSemicolonOrCommentIsNotAStatement() {
        assertThat(MultiStatements.split("SELECT 1;")).containsExactly("SELECT 1");
        assertThat(MultiStatements.split("SELECT 1; -- done\n")).containsExactly("SELECT 1");
        assertThat(MultiStatements.split("SELECT 1; /*!40101 SET NAMES utf8mb4 */")).containsExactly("SELECT 1", "/*!40101 SET NAMES utf8mb4 */");
    }

    @Test
    void aDoubleDashWithoutASpaceIsAnOperator() {
        assertThat(MultiStatements.split("SELECT 5--1; SELECT 2")).containsExactly("SELECT 5--1", "SELECT 2");
    }

    @Test
    void anUnterminatedQuoteStaysOneStatementForTheDriverToReject() {
        assertThat(MultiStatements.split("SELECT 'abc; SELECT 2")).containsExactly("SELECT 'abc; SELECT 2");
    }
}
