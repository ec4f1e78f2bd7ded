package io.splitdb.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionStatementTest {
    @Test
    void beginInItsForms() {
        assertThat(TransactionStatement.parse("BEGIN").kind()).isEqualTo(TransactionStatement.Kind.BEGIN);
        assertThat(TransactionStatement.parse("start transaction read only").readOnly()).isTrue();
        assertThat(TransactionStatement.parse("START TRANSACTION WITH CONSISTENT SNAPSHOT").kind()).isEqualTo(TransactionStatement.Kind.BEGIN);
    }

    @Test
    void executableCommentsAreReadAsSql() {
        // what mysqldump / mariadb-dump --single-transaction sends
        assertThat(TransactionStatement.parse("START TRANSACTION /*!40100 WITH CONSISTENT SNAPSHOT */").kind())
                .isEqualTo(TransactionStatement.Kind.BEGIN);
        assertThat(TransactionStatement.parse("/*M!100500 START TRANSACTION */").kind()).isEqualTo(TransactionStatement.Kind.BEGIN);
        assertThat(TransactionStatement.parse("/* a comment */ COMMIT").kind()).isEqualTo(TransactionStatement.Kind.COMMIT);
    }

    @Test
    void otherStatementsAreNotTransactionControl() {
        assertThat(TransactionStatement.parse("SELECT 1")).isNull();
        assertThat(TransactionStatement.parse("START TRANSACTION /*!40100 AND SELECT */")).isNull();
    }
}
