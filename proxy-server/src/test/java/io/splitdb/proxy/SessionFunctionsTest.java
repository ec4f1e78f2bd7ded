package io.splitdb.proxy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SessionFunctionsTest {

    @Test
    void recognisesStatementsOfIdentityFunctionsOnly() {
        assertThat(SessionFunctions.parse("SELECT USER()")).containsExactly(new SessionFunctions.Item("USER()", SessionFunctions.Kind.USER));
        // what the mariadb client's status command sends
        assertThat(SessionFunctions.parse("select DATABASE(), USER() limit 1")).containsExactly(
                new SessionFunctions.Item("DATABASE()", SessionFunctions.Kind.DATABASE),
                new SessionFunctions.Item("USER()", SessionFunctions.Kind.USER));
        assertThat(SessionFunctions.parse("SELECT current_user, CONNECTION_ID() AS id, schema() `the db`;")).containsExactly(
                new SessionFunctions.Item("current_user", SessionFunctions.Kind.CURRENT_USER),
                new SessionFunctions.Item("id", SessionFunctions.Kind.CONNECTION_ID),
                new SessionFunctions.Item("the db", SessionFunctions.Kind.DATABASE));
        assertThat(SessionFunctions.parse("SELECT SESSION_USER ( ) u")).containsExactly(new SessionFunctions.Item("u", SessionFunctions.Kind.USER));
    }

    @Test
    void leavesEverythingElseToTheDriver() {
        for (String sql : List.of("SELECT USER() FROM patients", "SELECT name, USER() FROM patients", "SELECT USERS()",
                "SELECT USER() LIMIT 2", "INSERT INTO t VALUES (USER())", "SELECT user FROM mysql.user", "SELECT 1")) {
            assertThat(SessionFunctions.parse(sql)).as(sql).isNull();
        }
    }
}
