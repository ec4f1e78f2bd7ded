package io.splitdb.proxy;

import io.splitdb.proxy.protocol.ColumnType;
import org.junit.jupiter.api.Test;

import java.sql.Types;

import static org.assertj.core.api.Assertions.assertThat;

/** java.sql.Types to MySQL column type codes. */
class ColumnTypesTest {

    @Test
    void mapsJdbcTypesToMySqlTypeCodes() {
        assertThat(ColumnTypes.mysqlType(Types.INTEGER)).isEqualTo(ColumnType.LONG);
        assertThat(ColumnTypes.mysqlType(Types.BIGINT)).isEqualTo(ColumnType.LONGLONG);
        assertThat(ColumnTypes.mysqlType(Types.DECIMAL)).isEqualTo(ColumnType.NEWDECIMAL);
        assertThat(ColumnTypes.mysqlType(Types.DOUBLE)).isEqualTo(ColumnType.DOUBLE);
        assertThat(ColumnTypes.mysqlType(Types.DATE)).isEqualTo(ColumnType.DATE);
        assertThat(ColumnTypes.mysqlType(Types.TIMESTAMP)).isEqualTo(ColumnType.DATETIME);
        assertThat(ColumnTypes.mysqlType(Types.VARCHAR)).isEqualTo(ColumnType.VAR_STRING);
        assertThat(ColumnTypes.mysqlType(Types.LONGVARCHAR)).isEqualTo(ColumnType.BLOB);
        assertThat(ColumnTypes.mysqlType(Types.OTHER)).isEqualTo(ColumnType.VAR_STRING);
        assertThat(ColumnTypes.isBinary(Types.VARBINARY)).isTrue();
        assertThat(ColumnTypes.isBinary(Types.VARCHAR)).isFalse();
    }
}
