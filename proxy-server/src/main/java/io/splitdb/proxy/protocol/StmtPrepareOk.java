package io.splitdb.proxy.protocol;

/** COM_STMT_PREPARE_OK: the statement id and how many columns and parameters definitions follow. */
public record StmtPrepareOk(long statementId, int columns, int parameters, int warnings) {

    /** The payload (0x00, id, columns, parameters, filler, warnings). */
    public byte[] encode() {
        return new PayloadWriter()
                .int1(0x00)
                .fixedInt(statementId, 4)
                .fixedInt(columns, 2)
                .fixedInt(parameters, 2)
                .int1(0)
                .fixedInt(warnings, 2)
                .toByteArray();
    }
}
