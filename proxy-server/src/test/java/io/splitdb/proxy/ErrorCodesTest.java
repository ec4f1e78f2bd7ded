package io.splitdb.proxy;

import io.splitdb.proxy.protocol.ErrPacket;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** SQLExceptions of the driver become ERR packets with the MySQL codes clients switch on. */
class ErrorCodesTest {

    @Test
    void vendorCodeWinsOverTheSqlStateMapping() {
        ErrPacket err = ErrorCodes.of(new SQLException("Duplicate entry '1' for key 'PRIMARY'", "23000", 1062));
        assertThat(err.errorCode()).isEqualTo(1062);
        assertThat(err.sqlState()).isEqualTo("23000");
        assertThat(ErrorCodes.of(new SQLException("lock wait", "HY000", 1205)).errorCode()).isEqualTo(1205);
    }

    @Test
    void sqlStatesWithoutVendorCodeAreMapped() {
        assertThat(ErrorCodes.of(new SQLException("not supported", "0A000")).errorCode()).isEqualTo(1235);
        assertThat(ErrorCodes.of(new SQLException("no table", "42S02")).errorCode()).isEqualTo(1146);
        assertThat(ErrorCodes.of(new SQLException("dup", "23000")).errorCode()).isEqualTo(1062);
        assertThat(ErrorCodes.of(new SQLException("denied", "28000")).errorCode()).isEqualTo(1045);
        assertThat(ErrorCodes.of(new SQLException("lost", "08S01")).errorCode()).isEqualTo(2013);
        assertThat(ErrorCodes.of(new SQLException("odd", "XX999")).errorCode()).isEqualTo(1105);
    }

    @Test
    void backendUrlsStayInsideTheProxy() {
        ErrPacket down = ErrorCodes.of(new SQLException("backend 1 (jdbc:mysql://10.0.0.7:3306/ward?useSSL=true) is down; "
                + "it is probed again every few seconds", "08S01"));
        assertThat(down.message()).isEqualTo("backend 1 is down; it is probed again every few seconds").doesNotContain("10.0.0.7");
        ErrPacket bare = ErrorCodes.of(new SQLException("cannot reach jdbc:mariadb://db-2.internal:3306/ward, retry", "08S01"));
        assertThat(bare.message()).isEqualTo("cannot reach (a backend), retry");
        assertThat(ErrorCodes.of(new SQLException("Duplicate entry 'a' for key 'name'", "23000", 1062)).message())
                .isEqualTo("Duplicate entry 'a' for key 'name'");
    }

    @Test
    void missingSqlStateBecomesHy000() {
        ErrPacket err = ErrorCodes.of(new SQLException("no state"));
        assertThat(err.sqlState()).isEqualTo("HY000");
        assertThat(err.errorCode()).isEqualTo(1105);
        assertThat(err.message()).isEqualTo("no state");
    }
}
