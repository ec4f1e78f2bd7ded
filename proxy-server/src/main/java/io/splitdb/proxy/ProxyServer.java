package io.splitdb.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.MessageSizeEstimator;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.splitdb.proxy.protocol.Packet;
import io.splitdb.proxy.protocol.PacketFrameDecoder;
import io.splitdb.proxy.protocol.PacketFrameEncoder;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MySQL-protocol front of a split database: listens on a port, and gives each client session
 * its own {@code jdbc:split:} connection to the configuration it was started with.
 */
public final class ProxyServer implements AutoCloseable {
    private final Path configFile;
    private final ProxyConfig config;
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong preparedExecutions = new AtomicLong();
    private final long startedNanos = System.nanoTime();
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    /** The packet decoder's name in each channel's pipeline (TLS goes in front of it). */
    static final String FRAMES = "frames";
    /** SHA256(SHA256(password)) of users whose full caching_sha2_password authentication succeeded. */
    private final java.util.concurrent.ConcurrentMap<String, byte[]> sha2Cache = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong tlsSessions = new java.util.concurrent.atomic.AtomicLong();
    /** Authenticated sessions by connection id, for KILL. */
    private final java.util.concurrent.ConcurrentMap<Long, ClientSession> byId = new java.util.concurrent.ConcurrentHashMap<>();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    private static final MessageSizeEstimator PACKET_SIZES = new MessageSizeEstimator() {
        private final MessageSizeEstimator.Handle others = DefaultMessageSizeEstimator.DEFAULT.newHandle();
        private final MessageSizeEstimator.Handle handle = msg -> msg instanceof Packet p
                ? p.payload().length + 4 * Packet.frameCount(p.payload().length)
                : others.size(msg);

        @Override
        public Handle newHandle() {
            return handle;
        }
    };

    /** A server for the split database of {@code configFile}, with the users and limits of {@code config}. */
    public ProxyServer(Path configFile, ProxyConfig config) {
        this.configFile = configFile.toAbsolutePath();
        this.config = config;
    }

    /** Binds the port (0 = any free port) and returns the port actually bound. */
    public int start() throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // count a Packet's bytes when a session's worker queues it, so writability (and with it
                // the worker's wait for a slow client) sees them before the event loop encodes them
                .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, PACKET_SIZES)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch); // removed by the group when the channel closes
                        if (config.idleTimeoutSeconds() > 0) {
                            // all-idle (no reads, no writes); ClientSession ignores it while a command runs
                            ch.pipeline().addLast(new IdleStateHandler(0, 0, config.idleTimeoutSeconds(), TimeUnit.SECONDS));
                        }
                        ch.pipeline().addLast(FRAMES, new PacketFrameDecoder(config.maxPacketSize()));
                        ch.pipeline().addLast(new PacketFrameEncoder(), new ClientSession(ProxyServer.this));
                    }
                });
        try {
            channel = b.bind(config.port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            close();
            throw e;
        }
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Blocks until the server socket is closed. */
    public void awaitClose() throws InterruptedException {
        channel.closeFuture().sync();
    }

    ProxyConfig config() {
        return config;
    }

    /** Counts a new session in; false when {@code max-connections} sessions are already open. */
    boolean admit() {
        if (sessions.incrementAndGet() > config.maxConnections()) {
            sessions.decrementAndGet();
            return false;
        }
        return true;
    }

    void release() {
        sessions.decrementAndGet();
    }

    void registered(ClientSession session, boolean tls) {
        byId.put(session.connectionId(), session);
        if (tls) {
            tlsSessions.incrementAndGet();
        }
    }

    /** Sessions that authenticated over TLS since the start. */
    public long tlsSessions() {
        return tlsSessions.get();
    }

    /** The caching_sha2_password digest of {@code user}: known from its password, or cached; else null. */
    byte[] sha2Digest(io.splitdb.proxy.auth.ProxyUser user) {
        return user.sha2Digest() != null ? user.sha2Digest() : sha2Cache.get(user.name());
    }

    void cacheSha2Digest(io.splitdb.proxy.auth.ProxyUser user, byte[] digest) {
        sha2Cache.put(user.name(), digest);
    }

    void unregistered(ClientSession session) {
        byId.remove(session.connectionId());
    }

    /** The authenticated session with this connection id, or null. */
    ClientSession session(long connectionId) {
        return byId.get(connectionId);
    }

    /** Sessions open now. */
    int sessionCount() {
        return sessions.get();
    }

    /**
     * Bytes of responses waiting in the proxy's memory for clients to read them. Bounded per session:
     * a session stops reading rows while its socket is full (see docs/proxy.md).
     */
    public long bufferedBytes() {
        long total = 0;
        for (Channel ch : clients) {
            ChannelOutboundBuffer buffer = ch.unsafe().outboundBuffer();
            if (buffer != null) {
                total += buffer.totalPendingWriteBytes();
            }
        }
        return total;
    }

    /** COM_STMT_EXECUTE commands answered since the start (server-side prepared statements in use). */
    public long preparedExecutions() {
        return preparedExecutions.get();
    }

    void countPreparedExecution() {
        preparedExecutions.incrementAndGet();
    }

    void countCommand() {
        commands.incrementAndGet();
    }

    /** The COM_STATISTICS line, in MySQL's format (mysqladmin status and the client's status command parse it). */
    String statistics() {
        long uptime = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos));
        long questions = commands.get();
        return String.format(java.util.Locale.ROOT, "Uptime: %d  Threads: %d  Questions: %d  Slow queries: 0  Opens: 0  Open tables: 0  Queries per second avg: %.3f",
                uptime, sessions.get(), questions, (double) questions / uptime);
    }

    Connection openConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:split:" + configFile);
    }

    /** Stops listening and waits for the event loops; the shutdown hook and the command may both call it. */
    @Override
    public synchronized void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        // wait for the event loops: NIO closes a registered server socket only once its selector lets
        // go of it, so "closed" must mean the port no longer accepts (the next start may want it)
        if (boss != null) {
            boss.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
