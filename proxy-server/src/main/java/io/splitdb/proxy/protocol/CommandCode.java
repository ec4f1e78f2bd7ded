package io.splitdb.proxy.protocol;

/** First byte of a command packet (the commands this server answers, and the ones it names in errors). */
public final class CommandCode {
    public static final int COM_QUIT = 0x01;
    public static final int COM_INIT_DB = 0x02;
    public static final int COM_QUERY = 0x03;
    public static final int COM_FIELD_LIST = 0x04;
    public static final int COM_STATISTICS = 0x09;
    public static final int COM_PROCESS_KILL = 0x0C;
    public static final int COM_PING = 0x0E;
    public static final int COM_CHANGE_USER = 0x11;
    public static final int COM_STMT_PREPARE = 0x16;
    public static final int COM_STMT_EXECUTE = 0x17;
    public static final int COM_STMT_SEND_LONG_DATA = 0x18;
    public static final int COM_STMT_CLOSE = 0x19;
    public static final int COM_STMT_RESET = 0x1A;
    public static final int COM_SET_OPTION = 0x1B;
    public static final int COM_RESET_CONNECTION = 0x1F;

    private CommandCode() {
    }
}
