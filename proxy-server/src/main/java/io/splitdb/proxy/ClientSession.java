package io.splitdb.proxy;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.splitdb.proxy.protocol.Capabilities;
import io.splitdb.proxy.protocol.CommandCode;
import io.splitdb.proxy.protocol.ErrPacket;
import io.splitdb.proxy.protocol.HandshakeResponse41;
import io.splitdb.proxy.protocol.MalformedPacketException;
import io.splitdb.proxy.protocol.Packet;
import io.splitdb.proxy.protocol.ServerStatus;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection: handshake and authentication, then commands. Each session owns exactly
 * one {@code jdbc:split:} connection and one worker thread, so JDBC work (which blocks on the
 * backends) never runs on the Netty event loop, and the session's commands run in order.
 */
final class ClientSession extends SimpleChannelInboundHandler<Packet> {
    private static final System.Logger LOG = System.getLogger(ClientSession.class.getName());
    private static final AtomicLong IDS = new AtomicLong();

    private enum State { AUTH, COMMAND, CLOSED }

    private final ProxyServer server;
    private final long connectionId = IDS.incrementAndGet();
    private final Authentication authentication;
    /** Used on the worker thread only. */
    private final PreparedStatements prepared;
    private final ExecutorService worker;
    private State state = State.AUTH;
    private HandshakeResponse41 response;
    private int capabilities;
    private int lastSequenceId;
    private volatile Connection connection;
    private volatile io.netty.channel.Channel channel;
    private boolean admitted;
    /** CLIENT_MULTI_STATEMENTS, as the handshake set it and COM_SET_OPTION changes it. */
    private volatile boolean multiStatements;
    /** A command is running on the worker: an idle connection then is a client waiting, not an idle one. */
    private volatile boolean busy;
    private final Object writability = new Object();

    ClientSession(ProxyServer server) {
        this.server = server;
        this.authentication = new Authentication(server);
        this.prepared = new PreparedStatements(server.config().maxPacketSize());
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "splitdb-proxy-session-" + connectionId);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        admitted = server.admit();
        if (!admitted) {
            state = State.CLOSED;
            ctx.writeAndFlush(new Packet(0, new ErrPacket(ErrorCodes.TOO_MANY_CONNECTIONS, "08004", "Too many connections").encode()))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(new Packet(0, authentication.greeting(connectionId)));
    }

    long connectionId() {
        return connectionId;
    }

    /** The user this session authenticated as (null before authentication). */
    String user() {
        return state == State.COMMAND && response != null ? response.user() : null;
    }

    /** Ends this session (KILL CONNECTION from another session). */
    void kill() {
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        server.unregistered(this);
        state = State.CLOSED;
        try {
            worker.execute(this::closeConnection);
        } catch (RejectedExecutionException ignored) {
            // already shut down
        }
        worker.shutdown();
        if (admitted) {
            admitted = false;
            server.release();
        }
    }

    private void closeConnection() {
        prepared.closeAll();
        Connection c = connection;
        connection = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing session " + connectionId + ": " + e.getMessage());
            }
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Packet packet) {
        lastSequenceId = packet.sequenceId();
        switch (state) {
            case AUTH -> authentication.read(ctx, packet, this::accepted);
            case COMMAND -> {
                if (packet.payload().length > 0 && (packet.payload()[0] & 0xFF) == CommandCode.COM_CHANGE_USER) {
                    // the client waits for the answer, so no command is running: authenticate on the event loop
                    state = State.AUTH;
                    authentication.changeUser(ctx, packet, this::accepted);
                    return;
                }
                Responder out = responder(ctx, packet.sequenceId() + 1);
                byte[] payload = packet.payload();
                busy = true;
                try {
                    worker.execute(() -> {
                        try {
                            command(ctx, out, payload);
                        } finally {
                            busy = false;
                        }
                    });
                } catch (RejectedExecutionException e) {
                    ctx.close();
                }
            }
            case CLOSED -> { }
        }
    }

    /** Authenticated (at connect, or again by COM_CHANGE_USER): commands from now on, on a split connection of its own. */
    private void accepted(ChannelHandlerContext ctx, HandshakeResponse41 response, int capabilities, int nextSequenceId, boolean tls) {
        this.response = response;
        this.capabilities = capabilities;
        this.multiStatements = (capabilities & Capabilities.CLIENT_MULTI_STATEMENTS) != 0;
        boolean first = state == State.AUTH && connection == null;
        state = State.COMMAND;
        server.registered(this, tls && first);
        Responder out = responder(ctx, nextSequenceId);
        try {
            worker.execute(() -> {
                closeConnection(); // after COM_CHANGE_USER: the old user's connection, its transaction and statements go
                openConnection(ctx, out);
            });
        } catch (RejectedExecutionException e) {
            ctx.close();
        }
    }

    private Responder responder(ChannelHandlerContext ctx, int firstSequenceId) {
        return new Responder(ctx, writability, (capabilities & Capabilities.CLIENT_DEPRECATE_EOF) != 0, firstSequenceId);
    }

    private void openConnection(ChannelHandlerContext ctx, Responder out) {
        try {
            Connection c = server.openConnection();
            identify(c, ctx);
            connection = c;
            if (!ctx.channel().isActive()) {
                closeConnection();
                return;
            }
            if (response.database() != null) {
                c.setCatalog(response.database());
            }
            out.ok(0, 0, status());
        } catch (SQLException e) {
            out.error(ErrorCodes.of(e));
            ctx.channel().close();
        } catch (RuntimeException e) {
            out.error(new ErrPacket(ErrorCodes.UNKNOWN, "HY000", "cannot open the split database: " + e));
            ctx.channel().close();
        }
    }

    /** The client's address, as USER() shows it. */
    private String clientHost = "localhost";

    /** The audit log names the proxy's user and the client's address, not the backends' account. */
    private void identify(Connection c, ChannelHandlerContext ctx) throws SQLException {
        c.setClientInfo("ClientUser", response.user());
        if (ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a) {
            clientHost = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
            c.setClientInfo("ClientHostname", clientHost);
        }
        c.setClientInfo("ApplicationName", "splitdb proxy");
    }

    private int status() {
        try {
            Connection c = connection;
            return c != null && !c.getAutoCommit() ? ServerStatus.IN_TRANS : ServerStatus.AUTOCOMMIT;
        } catch (SQLException e) {
            return ServerStatus.AUTOCOMMIT;
        }
    }

    private void command(ChannelHandlerContext ctx, Responder out, byte[] payload) {
        if (payload.length == 0) {
            out.error(new ErrPacket(ErrorCodes.MALFORMED_PACKET, "HY000", "Malformed communication packet: empty command"));
            ctx.channel().close();
            return;
        }
        int code = payload[0] & 0xFF;
        String argument = new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8);
        server.countCommand();
        try {
            switch (code) {
                case CommandCode.COM_QUIT -> ctx.channel().close();
                case CommandCode.COM_PING -> out.ok(0, 0, status());
                case CommandCode.COM_INIT_DB -> {
                    connection.setCatalog(argument);
                    out.ok(0, 0, status());
                }
                case CommandCode.COM_QUERY -> query(out, QueryText.decode(payload, 1));
                case CommandCode.COM_FIELD_LIST -> FieldList.answer(connection, out, payload, status());
                case CommandCode.COM_STATISTICS -> {
                    out.send(server.statistics().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                case CommandCode.COM_SET_OPTION -> setOption(out, payload);
                case CommandCode.COM_RESET_CONNECTION -> resetConnection(out);
                case CommandCode.COM_STMT_PREPARE -> prepared.prepare(connection, out, QueryText.decode(payload, 1), status());
                case CommandCode.COM_STMT_EXECUTE -> execute(out, payload);
                case CommandCode.COM_STMT_SEND_LONG_DATA -> prepared.sendLongData(payload);
                case CommandCode.COM_STMT_CLOSE -> prepared.close(payload);
                case CommandCode.COM_STMT_RESET -> prepared.reset(out, payload, status());
                case CommandCode.COM_PROCESS_KILL -> kill(out, payload.length >= 5
                        ? (payload[1] & 0xFFL) | (payload[2] & 0xFFL) << 8 | (payload[3] & 0xFFL) << 16 | (payload[4] & 0xFFL) << 24 : -1, false, 0);
                default -> out.error(new ErrPacket(ErrorCodes.UNKNOWN_COMMAND, "08S01",
                        "Unknown command 0x" + Integer.toHexString(code) + " (not supported by the splitdb proxy)"));
            }
        } catch (SQLException e) {
            out.error(ErrorCodes.of(e));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "session " + connectionId + ": " + e, e);
            out.error(new ErrPacket(ErrorCodes.UNKNOWN, "HY000", "internal error: " + e));
        }
    }

    private void execute(Responder out, byte[] payload) throws SQLException {
        server.countPreparedExecution();
        if (prepared.longDataTooLarge(payload)) {
            prepared.dropLongData(payload);
            out.error(new ErrPacket(ErrorCodes.PACKET_TOO_LARGE, "HY000", "Parameter of prepared statement which is set through "
                    + "mysql_send_long_data() is longer than 'max_allowed_packet' bytes (proxy.max-packet-size)"));
            return;
        }
        prepared.execute(out, payload, this::status);
    }

    /** COM_SET_OPTION: multi-statements on (0) or off (1); answered with EOF as MySQL does. */
    private void setOption(Responder out, byte[] payload) {
        int option = payload.length >= 3 ? (payload[1] & 0xFF) | (payload[2] & 0xFF) << 8 : -1;
        if (option != 0 && option != 1) {
            out.error(new ErrPacket(ErrorCodes.UNKNOWN_COMMAND, "HY000", "Unknown COM_SET_OPTION option " + option));
            return;
        }
        multiStatements = option == 0;
        out.endOfRows(status());
    }

    /**
     * COM_RESET_CONNECTION: the session as it was just after authentication, without a new handshake:
     * an open transaction is rolled back and session settings are dropped with the split connection,
     * and a fresh one opens on the same database.
     */
    private void resetConnection(Responder out) throws SQLException {
        prepared.closeAll();
        Connection old = connection;
        String database = old.getCatalog();
        closeConnection();
        Connection fresh = server.openConnection();
        identify(fresh, out.ctx());
        connection = fresh;
        if (database != null && !database.isEmpty()) {
            fresh.setCatalog(database);
        }
        out.ok(0, 0, status());
    }

    /**
     * COM_QUERY: one statement, or several when the client enabled multi-statements. Each result but
     * the last carries MORE_RESULTS_EXISTS; the first failing statement ends the run with its ERR, as
     * on MySQL.
     */
    private void query(Responder out, String sql) throws SQLException {
        List<String> statements = multiStatements ? MultiStatements.split(sql) : List.of(sql);
        for (int i = 0; i < statements.size(); i++) {
            int more = i < statements.size() - 1 ? ServerStatus.MORE_RESULTS_EXISTS : 0;
            if (!statement(out, statements.get(i), more)) {
                return;
            }
        }
    }

    private static final java.util.regex.Pattern KILL = java.util.regex.Pattern.compile(
            "(?is)\\s*KILL\\s+(CONNECTION\\s+|QUERY\\s+)?(\\d{1,19})\\s*;?\\s*");

    /**
     * KILL [CONNECTION | QUERY] id with the proxy's own session ids (what the mariadb client sends on
     * Ctrl-C, what a DBA reads from the connection id the client shows): the driver refuses KILL, whose
     * ids would name connections on one backend. KILL QUERY cancels the session's running statement
     * (which fails with error 1317, as on MySQL); the session goes on.
     */
    private boolean kill(Responder out, long id, boolean queryOnly, int more) {
        ClientSession target = server.session(id);
        if (target == null) {
            out.error(new ErrPacket(1094, "HY000", "Unknown thread id: " + id));
            return false;
        }
        if (!java.util.Objects.equals(target.user(), user())) {
            out.error(new ErrPacket(1095, "HY000", "You are not owner of thread " + id));
            return false;
        }
        out.ok(0, 0, status() | more);
        if (queryOnly) {
            target.cancelRunning();
        } else {
            target.kill();
        }
        return true;
    }

    /** The statement running for this session now, or null (for KILL QUERY). */
    private volatile Statement running;

    /** Cancels the statement this session is running, if any (KILL QUERY from another session). */
    void cancelRunning() {
        PreparedStatements.cancelQuietly(running);
        prepared.cancelRunning();
    }

    /**
     * Answers {@link SessionFunctions}: the proxy user at the client's address (as MySQL's USER()),
     * the proxy user at any host (CURRENT_USER, the account matched), the session's database, and
     * the session id clients saw in the handshake and KILL takes.
     */
    private void identity(Responder out, List<SessionFunctions.Item> items, int endStatus) throws SQLException {
        List<String> labels = new ArrayList<>();
        List<Boolean> numeric = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (SessionFunctions.Item item : items) {
            labels.add(item.label());
            numeric.add(item.kind() == SessionFunctions.Kind.CONNECTION_ID);
            values.add(switch (item.kind()) {
                case USER -> user() + "@" + clientHost;
                case CURRENT_USER -> user() + "@%";
                case DATABASE -> connection.getCatalog();
                case CONNECTION_ID -> Long.toString(connectionId);
            });
        }
        ResultWriter.row(out, labels, numeric, values, endStatus);
    }

    /** Runs one statement and answers with its result set, OK or ERR; false when no more should run (ERR, or the client went away mid-result). */
    private boolean statement(Responder out, String sql, int more) throws SQLException {
        List<SessionFunctions.Item> identity = SessionFunctions.parse(sql);
        if (identity != null) {
            identity(out, identity, status() | more);
            return true;
        }
        java.util.regex.Matcher kill = KILL.matcher(sql);
        if (kill.matches()) {
            boolean query = kill.group(1) != null && kill.group(1).trim().equalsIgnoreCase("QUERY");
            return kill(out, Long.parseLong(kill.group(2)), query, more);
        }
        try (Statement st = connection.createStatement()) {
            running = st;
            if (st.execute(sql)) {
                try (ResultSet rs = st.getResultSet()) {
                    return ResultWriter.text(out, rs, status() | more);
                }
            }
            long count = Math.max(0, st.getLargeUpdateCount());
            long lastId = 0;
            try (ResultSet keys = st.getGeneratedKeys()) {
                if (keys.next()) {
                    lastId = keys.getLong(1);
                }
            }
            out.ok(count, lastId, status() | more);
            return true;
        } finally {
            running = null;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            if (!busy) {
                LOG.log(System.Logger.Level.DEBUG, "session " + connectionId + " idle for proxy.idle-timeout-s: closed");
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        synchronized (writability) {
            writability.notifyAll();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof MalformedPacketException m && ctx.channel().isActive()) {
            boolean tooLarge = m.getMessage().startsWith("packet larger");
            ErrPacket err = tooLarge
                    ? new ErrPacket(ErrorCodes.PACKET_TOO_LARGE, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes")
                    : new ErrPacket(ErrorCodes.MALFORMED_PACKET, "HY000", "Malformed communication packet: " + m.getMessage());
            ctx.writeAndFlush(new Packet(lastSequenceId + 1, err.encode())).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "session " + connectionId + " closed: " + root);
        ctx.close();
    }

    @Override
    public String toString() {
        return "ClientSession[" + connectionId + ", " + state + "]";
    }
}
