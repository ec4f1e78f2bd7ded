package io.splitdb.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatementTraitsTest {

    @Test
    void remembersShortOrdinaryTextsWithWhetherTheyChangeTheBackendSession() {
        String plain = "SELECT name FROM patients WHERE id = ? /* traits test 1 */";
        String variable = "SELECT @total := COUNT(*) FROM visits /* traits test 2 */";
        assertThat(StatementTraits.ordinary(plain)).isNull();
        assertThat(StatementTraits.rememberOrdinary(plain).changesBackendSession()).isFalse();
        assertThat(StatementTraits.rememberOrdinary(variable).changesBackendSession()).isTrue();
        assertThat(StatementTraits.ordinary(plain)).isNotNull();
        assertThat(StatementTraits.ordinary(variable).changesBackendSession()).isTrue();
    }

    @Test
    void neverHoldsLongTexts() {
        String bulk = "INSERT INTO visits (notes) VALUES " + "('x'), ".repeat(StatementTraits.MAX_TEXT_LENGTH / 7) + "('y')";
        assertThat(bulk.length()).isGreaterThan(StatementTraits.MAX_TEXT_LENGTH);
        assertThat(StatementTraits.rememberOrdinary(bulk).changesBackendSession()).isFalse();
        assertThat(StatementTraits.ordinary(bulk)).isNull();
    }
}
