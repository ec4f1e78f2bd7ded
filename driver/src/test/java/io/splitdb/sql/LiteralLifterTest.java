package io.splitdb.sql;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiteralLifterTest {

    private static List<Object> literals(LiftedSql l) {
        return l.slots().stream().map(s -> s instanceof LiftedSql.Literal lit ? lit.value() : (Object) ("?" + ((LiftedSql.UserParameter) s).index())).toList();
    }

    @Test
    void concatenatedAndPreparedStatementsShareAShape() {
        LiftedSql a = LiteralLifter.lift("SELECT name FROM patients WHERE id = 42 AND ssn = 'abc'");
        LiftedSql b = LiteralLifter.lift("SELECT name FROM patients WHERE id = 7 AND ssn = 'x''y'");
        assertThat(a.sql()).isEqualTo(b.sql()).isEqualTo("SELECT name FROM patients WHERE id = ? AND ssn = ?");
        assertThat(literals(a)).containsExactly(42L, "abc");
        assertThat(literals(b)).containsExactly(7L, "x'y");
    }

    @Test
    void keepsLiteralsThatShapeTheStatement() {
        assertThat(LiteralLifter.lift("SELECT 1, 'a' AS x FROM t WHERE a = 2 ORDER BY 1 LIMIT 10, 5").sql())
                .isEqualTo("SELECT 1, 'a' AS x FROM t WHERE a = ? ORDER BY 1 LIMIT 10, 5");
        assertThat(LiteralLifter.lift("SELECT a FROM t WHERE d > DATE '2024-01-01' GROUP BY 1").sql())
                .isEqualTo("SELECT a FROM t WHERE d > DATE '2024-01-01' GROUP BY 1");
        assertThat(LiteralLifter.lift("SELECT a FROM t WHERE CAST(b AS DECIMAL(10,2)) = 3.5").sql())
                .isEqualTo("SELECT a FROM t WHERE CAST(b AS DECIMAL(10,2)) = ?");
        assertThat(LiteralLifter.lift("SELECT a FROM t WHERE d < NOW() - INTERVAL 3 DAY").sql())
                .isEqualTo("SELECT a FROM t WHERE d < NOW() - INTERVAL 3 DAY");
        assertThat(LiteralLifter.lift("SELECT a FROM t WHERE b = _utf8mb4'x'").sql()).isEqualTo("SELECT a FROM t WHERE b = _utf8mb4'x'");
    }

    @Test
    void liftsValuesInInsertUpdateDelete() {
        LiftedSql i = LiteralLifter.lift("INSERT INTO p (a, b, c) VALUES (1, 'x', -2.5), (?, NULL, 1e3)");
        assertThat(i.sql()).isEqualTo("INSERT INTO p (a, b, c) VALUES (?, ?, -?), (?, NULL, 1e3)");
        assertThat(literals(i)).containsExactly(1L, "x", new BigDecimal("2.5"), "?1");
        assertThat(i.userParameterCount()).isEqualTo(1);
        assertThat(LiteralLifter.lift("UPDATE p SET a = 'v' WHERE id IN (1, 2)").sql()).isEqualTo("UPDATE p SET a = ? WHERE id IN (?, ?)");
        assertThat(LiteralLifter.lift("DELETE FROM p WHERE id = 3").sql()).isEqualTo("DELETE FROM p WHERE id = ?");
    }

    @Test
    void subqueriesInTheSelectListKeepTheirOwnClauses() {
        assertThat(LiteralLifter.lift("SELECT (SELECT b FROM u WHERE u.x = 5) FROM t WHERE a = 6").sql())
                .isEqualTo("SELECT (SELECT b FROM u WHERE u.x = ?) FROM t WHERE a = ?");
    }

    @Test
    void unescapesStringsLikeMySql() {
        assertThat(literals(LiteralLifter.lift("SELECT a FROM t WHERE b = 'it\\'s\\n' AND c LIKE 'a\\%'")))
                .containsExactly("it's\n", "a\\%");
    }

    @Test
    void leavesCommentsIdentifiersAndOtherStatementsAlone() {
        assertThat(LiteralLifter.lift("SELECT a FROM t1 /* 5 */ WHERE `x 1` = 5 -- 7\n AND c2 = 3").sql())
                .isEqualTo("SELECT a FROM t1 /* 5 */ WHERE `x 1` = ? -- 7\n AND c2 = ?");
        LiftedSql ddl = LiteralLifter.lift("CREATE TABLE t (a VARCHAR(10) DEFAULT 'x')");
        assertThat(ddl.sql()).isEqualTo("CREATE TABLE t (a VARCHAR(10) DEFAULT 'x')");
        assertThat(ddl.slots()).isEmpty();
        assertThat(LiteralLifter.parametersOnly("SELECT a FROM t WHERE b = 5 AND c = ?").slots())
                .containsExactly(new LiftedSql.UserParameter(1));
    }
}
