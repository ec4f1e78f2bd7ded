package io.splitdb.proxy.protocol;

/** OK: a statement succeeded; affected rows, last insert id, status flags, warnings. */
public record OkPacket(long affectedRows, long lastInsertId, int statusFlags, int warnings) {
    /** Header 0x00 of a plain OK packet. */
    public static final int HEADER = 0x00;
    /** Header 0xFE of the OK that ends a result set when CLIENT_DEPRECATE_EOF is in use. */
    public static final int EOF_HEADER = 0xFE;

    /** The payload with header 0x00. */
    public byte[] encode() {
        return encode(HEADER);
    }

    /** The payload with {@code header} (0x00, or 0xFE at the end of a result set). */
    public byte[] encode(int header) {
        return new PayloadWriter()
                .int1(header)
                .lenencInt(affectedRows)
                .lenencInt(lastInsertId)
                .fixedInt(statusFlags, 2)
                .fixedInt(warnings, 2)
                .toByteArray();
    }
}
