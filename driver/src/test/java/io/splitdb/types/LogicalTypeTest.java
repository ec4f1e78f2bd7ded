package io.splitdb.types;

import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Proxy;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Types;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogicalTypeTest {

    /**
     * getColumnTypeName, getColumnType, getColumnClassName, getPrecision, getScale and
     * getColumnDisplaySize as Connector/J 9.7 reported them for these columns on MariaDB 11.4
     * (utf8mb4 tables), recorded with a probe; JSON is MySQL's report.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            tinyint(1)              | BIT                | -7 | java.lang.Boolean        | 1          | 0  | 1
            boolean                 | BIT                | -7 | java.lang.Boolean        | 1          | 0  | 1
            tinyint(1) unsigned     | TINYINT UNSIGNED   | -6 | java.lang.Integer        | 3          | 0  | 3
            tinyint(2)              | TINYINT            | -6 | java.lang.Integer        | 3          | 0  | 3
            tinyint unsigned        | TINYINT UNSIGNED   | -6 | java.lang.Integer        | 3          | 0  | 3
            bit(1)                  | BIT                | -7 | java.lang.Boolean        | 1          | 0  | 1
            bit                     | BIT                | -7 | java.lang.Boolean        | 1          | 0  | 1
            bit(8)                  | BIT                | -7 | java.lang.Boolean        | 8          | 0  | 8
            bit(64)                 | BIT                | -7 | java.lang.Boolean        | 64         | 0  | 64
            smallint                | SMALLINT           | 5  | java.lang.Integer        | 5          | 0  | 5
            mediumint unsigned      | MEDIUMINT UNSIGNED | 4  | java.lang.Integer        | 8          | 0  | 8
            int                     | INT                | 4  | java.lang.Integer        | 10         | 0  | 10
            int(5)                  | INT                | 4  | java.lang.Integer        | 10         | 0  | 10
            int unsigned            | INT UNSIGNED       | 4  | java.lang.Long           | 10         | 0  | 10
            bigint                  | BIGINT             | -5 | java.lang.Long           | 19         | 0  | 19
            bigint unsigned         | BIGINT UNSIGNED    | -5 | java.math.BigInteger     | 20         | 0  | 20
            serial                  | BIGINT UNSIGNED    | -5 | java.math.BigInteger     | 20         | 0  | 20
            decimal                 | DECIMAL            | 3  | java.math.BigDecimal     | 10         | 0  | 10
            decimal(10,2)           | DECIMAL            | 3  | java.math.BigDecimal     | 10         | 2  | 10
            DECIMAL(10, 2) UNSIGNED | DECIMAL UNSIGNED   | 3  | java.math.BigDecimal     | 10         | 2  | 10
            decimal(2,2)            | DECIMAL            | 3  | java.math.BigDecimal     | 2          | 2  | 2
            decimal(3,3) unsigned   | DECIMAL UNSIGNED   | 3  | java.math.BigDecimal     | 3          | 3  | 3
            decimal(65,30)          | DECIMAL            | 3  | java.math.BigDecimal     | 65         | 30 | 65
            float                   | FLOAT              | 7  | java.lang.Float          | 12         | 0  | 12
            float unsigned          | FLOAT UNSIGNED     | 7  | java.lang.Float          | 12         | 0  | 12
            float(10,2)             | FLOAT              | 7  | java.lang.Float          | 10         | 2  | 10
            float(30)               | DOUBLE             | 8  | java.lang.Double         | 22         | 0  | 22
            double                  | DOUBLE             | 8  | java.lang.Double         | 22         | 0  | 22
            double(10,3)            | DOUBLE             | 8  | java.lang.Double         | 10         | 3  | 10
            year                    | YEAR               | 91 | java.sql.Date            | 4          | 0  | 4
            date                    | DATE               | 91 | java.sql.Date            | 10         | 0  | 10
            time                    | TIME               | 92 | java.sql.Time            | 10         | 0  | 10
            time(3)                 | TIME               | 92 | java.sql.Time            | 14         | 0  | 14
            time(6)                 | TIME               | 92 | java.sql.Time            | 17         | 0  | 17
            datetime                | DATETIME           | 93 | java.time.LocalDateTime  | 19         | 0  | 19
            datetime(3)             | DATETIME           | 93 | java.time.LocalDateTime  | 23         | 0  | 23
            timestamp(2)            | TIMESTAMP          | 93 | java.sql.Timestamp       | 22         | 0  | 22
            char                    | CHAR               | 1  | java.lang.String         | 1          | 0  | 1
            char(5)                 | CHAR               | 1  | java.lang.String         | 5          | 0  | 5
            char(2) character set ascii | CHAR           | 1  | java.lang.String         | 2          | 0  | 2
            char(3) charset latin1  | CHAR               | 1  | java.lang.String         | 3          | 0  | 3
            varchar(100)            | VARCHAR            | 12 | java.lang.String         | 100        | 0  | 100
            varchar(10) charset utf8mb3 | VARCHAR        | 12 | java.lang.String         | 10         | 0  | 10
            tinytext                | TINYTEXT           | 12 | java.lang.String         | 63         | 0  | 63
            tinytext charset latin1 | TINYTEXT           | 12 | java.lang.String         | 255        | 0  | 255
            tinytext charset utf8mb3 | TINYTEXT          | 12 | java.lang.String         | 85         | 0  | 85
            text                    | TEXT               | -1 | java.lang.String         | 16383      | 0  | 16383
            text(100)               | TEXT               | -1 | java.lang.String         | 16383      | 0  | 16383
            text charset latin1     | TEXT               | -1 | java.lang.String         | 65535      | 0  | 65535
            mediumtext              | MEDIUMTEXT         | -1 | java.lang.String         | 4194303    | 0  | 4194303
            mediumtext charset latin1 | MEDIUMTEXT       | -1 | java.lang.String         | 16777215   | 0  | 16777215
            longtext                | LONGTEXT           | -1 | java.lang.String         | 536870911  | 0  | 536870911
            binary                  | BINARY             | -2 | [B                       | 1          | 0  | 1
            binary(4)               | BINARY             | -2 | [B                       | 4          | 0  | 4
            varbinary(10)           | VARBINARY          | -3 | [B                       | 10         | 0  | 10
            tinyblob                | TINYBLOB           | -3 | [B                       | 255        | 0  | 255
            blob                    | BLOB               | -4 | [B                       | 65535      | 0  | 65535
            blob(300)               | BLOB               | -4 | [B                       | 65535      | 0  | 65535
            mediumblob              | MEDIUMBLOB         | -4 | [B                       | 16777215   | 0  | 16777215
            longblob                | LONGBLOB           | -4 | [B                       | 2147483647 | 0  | 2147483647
            enum('a','bb')          | CHAR               | 1  | java.lang.String         | 2          | 0  | 2
            enum('é','abc ')        | CHAR               | 1  | java.lang.String         | 3          | 0  | 3
            set('a','bb','c')       | CHAR               | 1  | java.lang.String         | 6          | 0  | 6
            json                    | JSON               | -1 | java.lang.String         | 2147483647 | 0  | 2147483647
            """)
    void metadataIsWhatConnectorJReports(String ddl, String name, int jdbcType, String className, int precision, int scale,
                                         int display) throws SQLException {
        LogicalType t = LogicalType.parse(ddl);
        assertThat(t.jdbcTypeName()).isEqualTo(name);
        assertThat(t.jdbcType()).isEqualTo(jdbcType);
        assertThat(t.javaClassName()).isEqualTo(className);
        assertThat(t.precision()).isEqualTo(precision);
        assertThat(t.scale()).isEqualTo(scale);
        assertThat(t.displaySize()).isEqualTo(display);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            varchar(100)                        | VARCHAR(100)
            DECIMAL(10, 2) UNSIGNED             | DECIMAL(10,2) UNSIGNED
            int                                 | INT
            integer(11)                         | INT
            int4 signed                         | INT
            datetime(3)                         | DATETIME(3)
            datetime(0)                         | DATETIME
            tinyint(1)                          | TINYINT(1)
            bool                                | TINYINT(1)
            tinyint(1) unsigned                 | TINYINT UNSIGNED
            enum('a','b')                       | ENUM('a','b')
            enum('it''s','b\\\\c ')             | ENUM('it''s','b\\\\c')
            char(2) character set ascii         | CHAR(2) CHARACTER SET ascii
            varchar(5) charset utf8             | VARCHAR(5) CHARACTER SET utf8mb3
            nchar(3)                            | CHAR(3) CHARACTER SET utf8mb3
            national varchar(3)                 | VARCHAR(3) CHARACTER SET utf8mb3
            character varying(7)                | VARCHAR(7)
            varchar(10) collate utf8mb4_bin     | VARCHAR(10) COLLATE utf8mb4_bin
            varchar(10) collate latin1_bin      | VARCHAR(10) CHARACTER SET latin1 COLLATE latin1_bin
            char(4) binary                      | CHAR(4) COLLATE utf8mb4_bin
            char(4) character set binary        | BINARY(4)
            varchar(4) charset binary           | VARBINARY(4)
            text                                | TEXT
            text(100)                           | TEXT
            text(10)                            | TINYTEXT
            blob(70000)                         | MEDIUMBLOB
            long                                | MEDIUMTEXT
            long varbinary                      | MEDIUMBLOB
            longblob                            | LONGBLOB
            bigint unsigned                     | BIGINT UNSIGNED
            serial                              | BIGINT UNSIGNED
            numeric(5)                          | DECIMAL(5,0)
            fixed                               | DECIMAL(10,0)
            double precision                    | DOUBLE
            real                                | DOUBLE
            float(7,3)                          | FLOAT(7,3)
            float(25)                           | DOUBLE
            float8                              | DOUBLE
            date                                | DATE
            time(6)                             | TIME(6)
            timestamp                           | TIMESTAMP
            year(4)                             | YEAR
            json                                | JSON
            bit(1)                              | BIT(1)
            bit                                 | BIT(1)
            binary(16)                          | BINARY(16)
            varbinary(255)                      | VARBINARY(255)
            mediumtext                          | MEDIUMTEXT
            set('x','y')                        | SET('x','y')
            `varchar`(3)                        | VARCHAR(3)
            """)
    void canonicalDdlReadsBackToAnEqualType(String ddl, String canonical) throws SQLException {
        LogicalType t = LogicalType.parse(ddl);
        assertThat(t.ddl()).isEqualTo(canonical);
        LogicalType again = LogicalType.parse(t.ddl());
        assertThat(again).isEqualTo(t).hasSameHashCodeAs(t);
        assertThat(again.ddl()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "varchar", "varchar(", "varchar(10", "int(", "decimal(10,2,3)", "decimal(66)", "decimal(5,6)",
        "datetime(7)", "bit(65)", "char(256)", "foo", "int int", "varchar(10) unsigned", "int charset latin1", "enum()", "enum(a)",
        "enum('a','A')", "varchar(x)", "int;drop table t", "'int'", "varchar(20000)", "double(5)", "timestamp(3) zerofill"})
    void garbageIsASyntaxError(String ddl) {
        assertThatThrownBy(() -> LogicalType.parse(ddl))
                .isInstanceOfAny(SQLSyntaxErrorException.class, SQLFeatureNotSupportedException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("42000", "0A000"));
        if (!ddl.contains("zerofill")) {
            assertThatThrownBy(() -> LogicalType.parse(ddl)).isInstanceOf(SQLSyntaxErrorException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42000");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"geometry", "point", "polygon", "multipolygon", "geometrycollection", "vector(3)", "uuid",
        "int zerofill", "varchar(10) character set gbk", "text charset ucs2", "year(2)", "varchar(3) unicode"})
    void unsupportedTypesAreRefusedByName(String ddl) {
        assertThatThrownBy(() -> LogicalType.parse(ddl)).isInstanceOf(SQLFeatureNotSupportedException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("0A000"))
                .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
    }

    @Test
    void classificationAndAccessors() throws SQLException {
        assertThat(LogicalType.parse("varchar(3)").isText()).isTrue();
        assertThat(LogicalType.parse("json").isText()).isTrue();
        assertThat(LogicalType.parse("enum('a')").isText()).isTrue();
        assertThat(LogicalType.parse("blob").isBinary()).isTrue();
        assertThat(LogicalType.parse("varbinary(3)").isText()).isFalse();
        assertThat(LogicalType.parse("bit(3)").isNumeric()).isTrue();
        assertThat(LogicalType.parse("decimal(3,1)").isNumeric()).isTrue();
        assertThat(LogicalType.parse("year").isTemporal()).isTrue();
        assertThat(LogicalType.parse("time(2)").isTemporal()).isTrue();
        assertThat(LogicalType.parse("int unsigned").unsigned()).isTrue();
        assertThat(LogicalType.parse("tinyint(1)").isBooleanLike()).isTrue();
        assertThat(LogicalType.parse("tinyint(1) unsigned").isBooleanLike()).isFalse();
        assertThat(LogicalType.parse("bit(1)").isBooleanLike()).isFalse();
        assertThat(LogicalType.parse("decimal(10,2)").baseName()).isEqualTo("DECIMAL");
        assertThat(LogicalType.parse("int unsigned").baseName()).isEqualTo("INT");
        assertThat(LogicalType.parse("enum('a','b ')").members()).containsExactly("a", "b");
        assertThat(LogicalType.parse("varchar(3)").charset()).isEqualTo("utf8mb4");
        assertThat(LogicalType.parse("datetime(4)").fractionDigits()).isEqualTo(4);
        assertThat(LogicalType.parse("varchar(3)")).isNotEqualTo(LogicalType.parse("varchar(4)"));
        assertThat(LogicalType.parse("varchar(3)")).isNotEqualTo(LogicalType.parse("char(3)"));
        assertThat(LogicalType.parse("int")).hasToString("INT");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            int                | 9
            bigint unsigned    | 9
            decimal(10,2)      | 7
            decimal(65,30)     | 30
            float              | 5
            double             | 9
            bit(64)            | 9
            year               | 3
            date               | 11
            datetime(6)        | 27
            datetime           | 20
            timestamp          | 20
            time(6)            | 9
            char(10)           | 41
            varchar(100)       | 401
            varchar(10) charset ascii | 11
            varchar(10) charset latin1 | 31
            binary(16)         | 17
            varbinary(255)     | 256
            tinytext           | 256
            tinyblob           | 256
            enum('a','bbb')    | 4
            set('a','bbb')     | 6
            text               | -1
            mediumtext         | -1
            longblob           | -1
            json               | -1
            """)
    void maxEncodedBytes(String ddl, int max) throws SQLException {
        assertThat(LogicalType.parse(ddl).maxEncodedBytes()).isEqualTo(max);
    }

    @Test
    void fromJSqlParserColumnDefinitions() throws Exception {
        CreateTable ct = (CreateTable) CCJSqlParserUtil.parse("CREATE TABLE t (a int unsigned not null, b decimal(10, 2) unsigned,"
                + " c varchar(100) character set ascii collate ascii_bin not null, d enum('a','b''c') default 'a', e double precision,"
                + " f char(2) binary, g tinyint(1), h datetime(3), i bigint(20) unsigned auto_increment, j text charset latin1,"
                + " k mediumint unsigned, l timestamp(6) null default current_timestamp(6), m varchar(10) comment 'binary')");
        List<ColumnDefinition> cols = ct.getColumnDefinitions();
        String[] expected = {"INT UNSIGNED", "DECIMAL(10,2) UNSIGNED", "VARCHAR(100) CHARACTER SET ascii COLLATE ascii_bin",
            "ENUM('a','b''c')", "DOUBLE", "CHAR(2) COLLATE utf8mb4_bin", "TINYINT(1)", "DATETIME(3)", "BIGINT UNSIGNED",
            "TEXT CHARACTER SET latin1", "MEDIUMINT UNSIGNED", "TIMESTAMP(6)", "VARCHAR(10)"};
        for (int i = 0; i < expected.length; i++) {
            assertThat(LogicalType.fromColumnDefinition(cols.get(i)).ddl()).as(cols.get(i).toString()).isEqualTo(expected[i]);
        }
        // the ColDataType alone keeps what JSqlParser put into the data type
        assertThat(LogicalType.fromColumnDefinition(cols.get(0).getColDataType()).ddl()).isEqualTo("INT UNSIGNED");
        assertThat(LogicalType.fromColumnDefinition(cols.get(3).getColDataType()).ddl()).isEqualTo("ENUM('a','b''c')");
        assertThat(LogicalType.fromColumnDefinition(cols.get(2).getColDataType()).ddl()).isEqualTo("VARCHAR(100) CHARACTER SET ascii");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tinyint(1)", "bit(1)", "bit(12)", "int unsigned", "bigint unsigned", "decimal(12,4)", "float", "double(8,2)",
        "year", "date", "time(3)", "datetime(6)", "timestamp", "char(7)", "varchar(30)", "tinytext", "text", "longtext", "binary(3)",
        "varbinary(9)", "blob", "mediumblob"})
    void fromConnectorJMetadataKeepsTheServersColumnDefinition(String ddl) throws SQLException {
        LogicalType declared = LogicalType.parse(ddl);
        LogicalType read = LogicalType.fromMetadata(connectorJMetadata(declared), 1);
        assertThat(read.jdbcTypeName()).isEqualTo(declared.jdbcTypeName());
        assertThat(read.jdbcType()).isEqualTo(declared.jdbcType());
        assertThat(read.javaClassName()).isEqualTo(declared.javaClassName());
        assertThat(read.precision()).isEqualTo(declared.precision());
        assertThat(read.scale()).isEqualTo(declared.scale());
        assertThat(read.displaySize()).isEqualTo(declared.displaySize());
        assertThat(read.ddl()).isEqualTo(declared.ddl());
    }

    @Test
    void enumAndSetColumnsReadFromABackendAreChar() throws SQLException {
        LogicalType read = LogicalType.fromMetadata(connectorJMetadata(LogicalType.parse("enum('ab','c')")), 1);
        assertThat(read.ddl()).isEqualTo("CHAR(2)");
        assertThat(read.jdbcTypeName()).isEqualTo("CHAR");
    }

    @Test
    void fromOtherMetadataGuessesByName() throws SQLException {
        ResultSetMetaData md = metadata(Types.BIT, "BIT", "java.lang.Boolean", 1, 0, 1, null);
        assertThat(LogicalType.fromMetadata(md, 1).ddl()).isEqualTo("TINYINT(1)");
        md = metadata(Types.INTEGER, "INT UNSIGNED", "java.lang.Long", 10, 0, 10, null);
        assertThat(LogicalType.fromMetadata(md, 1).ddl()).isEqualTo("INT UNSIGNED");
        assertThat(LogicalType.fromMetadata(md, 1).javaClassName()).isEqualTo("java.lang.Long");
        md = metadata(Types.DECIMAL, "DECIMAL", "java.math.BigDecimal", 12, 3, 12, null);
        assertThat(LogicalType.fromMetadata(md, 1).ddl()).isEqualTo("DECIMAL(12,3)");
        md = metadata(Types.TIMESTAMP, "DATETIME", "java.time.LocalDateTime", 23, 0, 23, null);
        assertThat(LogicalType.fromMetadata(md, 1).ddl()).isEqualTo("DATETIME(3)");
        md = metadata(Types.BINARY, "GEOMETRY", "[B", 65535, 0, 65535, null);
        assertThat(LogicalType.fromMetadata(md, 1).isBinary()).isTrue();
        assertThat(LogicalType.fromMetadata(md, 1).jdbcTypeName()).isEqualTo("GEOMETRY");
    }

    /** Metadata that unwraps to Connector/J's, holding the column definition a server sends for {@code t}. */
    static ResultSetMetaData connectorJMetadata(LogicalType t) {
        com.mysql.cj.jdbc.result.ResultSetMetaData cj = new com.mysql.cj.jdbc.result.ResultSetMetaData(null,
                new com.mysql.cj.result.Field[] {t.columnDefinition().getFields()[0]}, false, true, null);
        return metadata(t.jdbcType(), t.jdbcTypeName(), t.javaClassName(), t.precision(), t.scale(), t.displaySize(), cj);
    }

    static ResultSetMetaData metadata(int type, String name, String className, int precision, int scale, int display, Object cj) {
        return (ResultSetMetaData) Proxy.newProxyInstance(LogicalTypeTest.class.getClassLoader(), new Class<?>[] {ResultSetMetaData.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getColumnType": return type;
                        case "getColumnTypeName": return name;
                        case "getColumnClassName": return className;
                        case "getPrecision": return precision;
                        case "getScale": return scale;
                        case "getColumnDisplaySize": return display;
                        case "isWrapperFor": return cj != null && ((Class<?>) args[0]).isInstance(cj);
                        case "unwrap": return cj;
                        default: throw new UnsupportedOperationException(method.getName());
                    }
                });
    }
}
