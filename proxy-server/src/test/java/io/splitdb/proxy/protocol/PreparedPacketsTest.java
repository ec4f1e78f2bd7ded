package io.splitdb.proxy.protocol;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The binary protocol's packets, against the examples of the MySQL protocol documentation where it has them. */
class PreparedPacketsTest {

    @Test
    void stmtPrepareOkAsDocumented() {
        // COM_STMT_PREPARE_OK example: statement 1, 1 column, 2 parameters
        assertThat(new StmtPrepareOk(1, 1, 2, 0).encode()).isEqualTo(Hex.bytes("00 01 00 00 00 01 00 02 00 00 00 00"));
    }

    @Test
    void stmtExecuteAsDocumented() {
        // COM_STMT_EXECUTE example: statement 1, no cursor, one VARCHAR parameter "foo"
        byte[] payload = Hex.bytes("17 01 00 00 00 00 01 00 00 00 00 01 0f 00 03 66 6f 6f");
        assertThat(StmtExecute.statementId(payload)).isEqualTo(1);
        StmtExecute e = StmtExecute.decode(payload, 1, null, null);
        assertThat(e.flags()).isZero();
        assertThat(e.types()).containsExactly(0x0f);
        assertThat(e.values()).containsExactly("foo");
    }

    @Test
    void binaryRowAsDocumented() {
        // ProtocolBinary::ResultsetRow example: one column, "foobar"
        byte[] value = new PayloadWriter().lenencString("foobar").toByteArray();
        assertThat(new BinaryResultRow(List.of(value)).encode()).isEqualTo(Hex.bytes("00 00 06 66 6f 6f 62 61 72"));
    }

    @Test
    void binaryRowNullBitmapStartsAtBitTwo() {
        byte[] one = {1};
        // columns 0 and 8 NULL: bits 2 and 10
        List<byte[]> values = Arrays.asList(null, one, one, one, one, one, one, one, null);
        byte[] row = new BinaryResultRow(values).encode();
        assertThat(row[0]).isZero();
        assertThat(row[1] & 0xFF).isEqualTo(0b100);
        assertThat(row[2] & 0xFF).isEqualTo(0b100);
        assertThat(row).hasSize(1 + 2 + 7);
    }

    @Test
    void everyParameterTypeDecodes() {
        PayloadWriter w = new PayloadWriter().int1(0x17).fixedInt(9, 4).int1(0).fixedInt(1, 4);
        // 10 parameters, the 10th NULL: bitmap 00 02
        w.int1(0x00).int1(0x02).int1(1);
        int[] types = {ColumnType.TINY, ColumnType.LONGLONG | 0x8000, ColumnType.DOUBLE, ColumnType.NEWDECIMAL, ColumnType.DATE,
                ColumnType.DATETIME, ColumnType.TIME, ColumnType.BLOB, ColumnType.SHORT, ColumnType.LONG};
        for (int t : types) {
            w.fixedInt(t, 2);
        }
        w.int1(0xF9);                                      // TINY -7
        w.fixedInt(-1L, 8);                                // BIGINT UNSIGNED 2^64-1
        w.fixedInt(Double.doubleToLongBits(0.5), 8);       // DOUBLE
        w.lenencString("12.30");                           // DECIMAL as text
        w.int1(4).fixedInt(2024, 2).int1(2).int1(29);      // DATE
        w.int1(11).fixedInt(2024, 2).int1(3).int1(1).int1(8).int1(30).int1(15).fixedInt(125_000, 4); // DATETIME(6)
        w.int1(8).int1(1).fixedInt(1, 4).int1(2).int1(3).int1(4);  // TIME -26:03:04
        w.lenencString(new byte[] {0, (byte) 0xFF});       // BLOB stays bytes
        w.fixedInt(-2 & 0xFFFF, 2);                        // SMALLINT -2
        StmtExecute e = StmtExecute.decode(w.toByteArray(), 10, null, null);
        assertThat(e.values()[0]).isEqualTo(-7L);
        assertThat(e.values()[1]).isEqualTo(new java.math.BigInteger("18446744073709551615"));
        assertThat(e.values()[2]).isEqualTo(0.5);
        assertThat(e.values()[3]).isEqualTo(new BigDecimal("12.30"));
        assertThat(e.values()[4]).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(e.values()[5]).isEqualTo(LocalDateTime.of(2024, 3, 1, 8, 30, 15, 125_000_000));
        assertThat(e.values()[6]).isEqualTo("-26:03:04");
        assertThat(e.values()[7]).isEqualTo(new byte[] {0, (byte) 0xFF});
        assertThat(e.values()[8]).isEqualTo(-2L);
        assertThat(e.values()[9]).isNull();
    }

    @Test
    void typesBoundBeforeAreReusedAndLongDataIsSkipped() {
        int[] bound = {ColumnType.LONG, ColumnType.VAR_STRING};
        // new-params-bound = 0: no types; parameter 1 came as long data, so only parameter 0's value is here
        byte[] payload = new PayloadWriter().int1(0x17).fixedInt(3, 4).int1(0).fixedInt(1, 4).int1(0).int1(0)
                .fixedInt(42, 4).toByteArray();
        StmtExecute e = StmtExecute.decode(payload, 2, bound, new boolean[] {false, true});
        assertThat(e.values()[0]).isEqualTo(42L);
        assertThat(e.values()[1]).isNull();
        assertThat(e.types()).isSameAs(bound);
        assertThatThrownBy(() -> StmtExecute.decode(payload, 2, null, null)).isInstanceOf(MalformedPacketException.class);
    }
}
