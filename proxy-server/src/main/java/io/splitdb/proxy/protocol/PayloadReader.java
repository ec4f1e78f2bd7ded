package io.splitdb.proxy.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the protocol's basic types from a payload; reading past its end is a {@link MalformedPacketException}. */
public final class PayloadReader {
    private final byte[] payload;
    private int position;

    /** A reader at the start of {@code payload}. */
    public PayloadReader(byte[] payload) {
        this.payload = payload;
    }

    /** Bytes not read yet. */
    public int remaining() {
        return payload.length - position;
    }

    private void need(int count, String what) {
        if (count < 0 || remaining() < count) {
            throw new MalformedPacketException("truncated packet: " + what + " needs " + count + " bytes, " + remaining() + " left");
        }
    }

    /** An unsigned integer of {@code bytes} bytes, little-endian. */
    public long fixedInt(int bytes) {
        need(bytes, "integer");
        long value = 0;
        for (int i = 0; i < bytes; i++) {
            value |= (long) (payload[position++] & 0xFF) << (8 * i);
        }
        return value;
    }

    /** One unsigned byte. */
    public int int1() {
        return (int) fixedInt(1);
    }

    /** A length-encoded integer (0xFB, NULL in rows, is not a valid integer here). */
    public long lenencInt() {
        int first = int1();
        return switch (first) {
            case 0xFC -> fixedInt(2);
            case 0xFD -> fixedInt(3);
            case 0xFE -> fixedInt(8);
            case 0xFB, 0xFF -> throw new MalformedPacketException("invalid length-encoded integer prefix 0x" + Integer.toHexString(first));
            default -> first;
        };
    }

    /** {@code count} bytes. */
    public byte[] bytes(int count) {
        need(count, "field");
        byte[] value = Arrays.copyOfRange(payload, position, position + count);
        position += count;
        return value;
    }

    /** A length-encoded byte string. */
    public byte[] lenencBytes() {
        long length = lenencInt();
        if (length > remaining()) {
            throw new MalformedPacketException("truncated packet: string of " + length + " bytes, " + remaining() + " left");
        }
        return bytes((int) length);
    }

    /** A string up to (and consuming) the next 0 byte; a missing terminator is malformed. */
    public String nulString() {
        int end = position;
        while (end < payload.length && payload[end] != 0) {
            end++;
        }
        if (end == payload.length) {
            throw new MalformedPacketException("truncated packet: string without its 0 terminator");
        }
        String value = new String(payload, position, end - position, StandardCharsets.UTF_8);
        position = end + 1;
        return value;
    }

    /** The rest of the payload. */
    public byte[] rest() {
        return bytes(remaining());
    }
}
