package io.splitdb.proxy.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Length-encoded integers and strings, from the "Protocol Basics" page of the MySQL documentation. */
class PayloadCodecTest {

    @Test
    void lengthEncodedIntegersUseTheDocumentedPrefixes() {
        assertThat(new PayloadWriter().lenencInt(250).toByteArray()).isEqualTo(Hex.bytes("fa"));
        assertThat(new PayloadWriter().lenencInt(251).toByteArray()).isEqualTo(Hex.bytes("fc fb 00"));
        assertThat(new PayloadWriter().lenencInt(65536).toByteArray()).isEqualTo(Hex.bytes("fd 00 00 01"));
        assertThat(new PayloadWriter().lenencInt(16777216).toByteArray()).isEqualTo(Hex.bytes("fe 00 00 00 01 00 00 00 00"));
    }

    @Test
    void lengthEncodedIntegersReadBack() {
        PayloadReader r = new PayloadReader(Hex.bytes("fa fc fb 00 fd 00 00 01 fe 00 00 00 01 00 00 00 00"));
        assertThat(r.lenencInt()).isEqualTo(250);
        assertThat(r.lenencInt()).isEqualTo(251);
        assertThat(r.lenencInt()).isEqualTo(65536);
        assertThat(r.lenencInt()).isEqualTo(16777216);
        assertThat(r.remaining()).isZero();
    }

    @Test
    void stringsLengthEncodedAndNulTerminated() {
        byte[] bytes = new PayloadWriter().lenencString("def").nulString("pam").toByteArray();
        assertThat(bytes).isEqualTo(Hex.bytes("03 64 65 66 70 61 6d 00"));
        PayloadReader r = new PayloadReader(bytes);
        assertThat(new String(r.lenencBytes())).isEqualTo("def");
        assertThat(r.nulString()).isEqualTo("pam");
    }

    @Test
    void truncatedValuesAreMalformedNotOutOfBounds() {
        assertThatThrownBy(() -> new PayloadReader(Hex.bytes("fc 01")).lenencInt())
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new PayloadReader(Hex.bytes("05 61 62")).lenencBytes())
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new PayloadReader(Hex.bytes("61 62")).nulString())
                .isInstanceOf(MalformedPacketException.class).hasMessageContaining("terminator");
    }
}
