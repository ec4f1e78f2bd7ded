package io.splitdb.proxy.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds a packet payload from the protocol's basic types: fixed-length and length-encoded integers and strings. */
public final class PayloadWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An integer of {@code bytes} bytes, little-endian. */
    public PayloadWriter fixedInt(long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    /** One byte. */
    public PayloadWriter int1(int value) {
        return fixedInt(value, 1);
    }

    /** A length-encoded integer: 1 byte below 251, else 0xFC + 2, 0xFD + 3 or 0xFE + 8 bytes. */
    public PayloadWriter lenencInt(long value) {
        if (value >= 0 && value < 251) {
            return int1((int) value);
        }
        if (value >= 0 && value < (1 << 16)) {
            return int1(0xFC).fixedInt(value, 2);
        }
        if (value >= 0 && value < (1 << 24)) {
            return int1(0xFD).fixedInt(value, 3);
        }
        return int1(0xFE).fixedInt(value, 8);
    }

    /** A length-encoded string: its byte length as a length-encoded integer, then the bytes. */
    public PayloadWriter lenencString(byte[] value) {
        lenencInt(value.length);
        out.writeBytes(value);
        return this;
    }

    /** A length-encoded UTF-8 string. */
    public PayloadWriter lenencString(String value) {
        return lenencString(value.getBytes(StandardCharsets.UTF_8));
    }

    /** A UTF-8 string followed by a 0 byte. */
    public PayloadWriter nulString(String value) {
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        return this;
    }

    /** Bytes as they are (a string at the end of the packet, or fixed-length data). */
    public PayloadWriter bytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    /** {@code count} zero bytes (reserved fields). */
    public PayloadWriter zeros(int count) {
        for (int i = 0; i < count; i++) {
            out.write(0);
        }
        return this;
    }

    /** The payload written so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
