package io.splitdb.proxy.protocol;

/**
 * One column of a result set: catalog "def", schema, table, original table, name, original name,
 * then the fixed-length part (character set, display length, type, flags, decimals).
 */
public record ColumnDefinition41(String schema, String table, String orgTable, String name, String orgName,
                                 int characterSet, long columnLength, int type, int flags, int decimals) {
    /** Character set id of binary data (types that are not text). */
    public static final int BINARY = 63;
    /** utf8mb4_general_ci. */
    public static final int UTF8MB4 = 45;
    /** Column flag: NOT NULL. */
    public static final int NOT_NULL_FLAG = 1;
    /** Column flag: UNSIGNED. */
    public static final int UNSIGNED_FLAG = 32;
    /** Column flag: ZEROFILL. */
    public static final int ZEROFILL_FLAG = 64;
    /** Column flag: BINARY. */
    public static final int BINARY_FLAG = 128;

    /** The payload. */
    public byte[] encode() {
        return new PayloadWriter()
                .lenencString("def")
                .lenencString(nz(schema))
                .lenencString(nz(table))
                .lenencString(nz(orgTable))
                .lenencString(nz(name))
                .lenencString(nz(orgName))
                .lenencInt(0x0C)
                .fixedInt(characterSet, 2)
                .fixedInt(columnLength, 4)
                .int1(type)
                .fixedInt(flags, 2)
                .int1(decimals)
                .zeros(2)
                .toByteArray();
    }

    /** The payload as COM_FIELD_LIST sends it: the definition and then its default value (null: NULL, 0xFB). */
    public byte[] encodeForFieldList(String defaultValue) {
        PayloadWriter w = new PayloadWriter().bytes(encode());
        return (defaultValue == null ? w.int1(0xFB) : w.lenencString(defaultValue)).toByteArray();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
