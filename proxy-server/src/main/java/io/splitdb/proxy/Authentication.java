package io.splitdb.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.splitdb.proxy.auth.CachingSha2Password;
import io.splitdb.proxy.auth.NativePassword;
import io.splitdb.proxy.auth.ProxyUser;
import io.splitdb.proxy.protocol.AuthMoreData;
import io.splitdb.proxy.protocol.AuthSwitchRequest;
import io.splitdb.proxy.protocol.Capabilities;
import io.splitdb.proxy.protocol.ErrPacket;
import io.splitdb.proxy.protocol.HandshakeResponse41;
import io.splitdb.proxy.protocol.HandshakeV10;
import io.splitdb.proxy.protocol.Packet;
import io.splitdb.proxy.protocol.PacketFrameDecoder;
import io.splitdb.proxy.protocol.PayloadReader;
import io.splitdb.proxy.protocol.ServerStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * One session's connection phase, on its event loop: the greeting, the switch to TLS on an
 * SSLRequest, and authentication.
 *
 * <ul>
 *   <li>{@code caching_sha2_password}, the handshake's default plugin as on MySQL 8: the fast path
 *       when the proxy knows SHA256(SHA256(password)) (a password given as {@code ${ENV}}, or cached
 *       after a full authentication); else, over TLS, a full authentication in which the client sends
 *       the password; else a switch to {@code mysql_native_password}, which every client supports
 *       without TLS or an RSA key exchange.</li>
 *   <li>{@code mysql_native_password}, for clients that answer with it, checked against the stored
 *       SHA1(SHA1(password)).</li>
 * </ul>
 *
 * An unknown user goes through the same steps and gets the same ERR 1045 as a wrong password.
 */
final class Authentication {
    /** What happens once the client is authenticated. */
    interface Accepted {
        void accepted(ChannelHandlerContext ctx, HandshakeResponse41 response, int capabilities, int nextSequenceId, boolean tls);
    }

    private enum Step { RESPONSE, NATIVE_SWITCH, SHA2_FULL, DONE }

    private static final SecureRandom RANDOM = new SecureRandom();
    static final String SERVER_VERSION = "8.0.36-splitdb";
    private static final int UTF8MB4_GENERAL_CI = 45;
    /** ER_SECURE_TRANSPORT_REQUIRED. */
    private static final int SECURE_TRANSPORT_REQUIRED = 3159;
    /** Stands in for the hash of an unknown user, so refusing one costs what refusing a wrong password costs. */
    private static final byte[] NO_USER = new byte[32];

    private final ProxyServer server;
    private final byte[] scramble = newScramble();
    private final int offered;
    private Step step = Step.RESPONSE;
    private boolean tls;
    private HandshakeResponse41 response;

    Authentication(ProxyServer server) {
        this.server = server;
        this.offered = Capabilities.SERVER | (server.config().tls() != null ? Capabilities.CLIENT_SSL : 0);
    }

    /** 20 random bytes without 0 (the handshake sends the second part NUL-terminated). */
    private static byte[] newScramble() {
        byte[] s = new byte[20];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) (1 + RANDOM.nextInt(126));
        }
        return s;
    }

    /** The HandshakeV10 payload. */
    byte[] greeting(long connectionId) {
        return new HandshakeV10(SERVER_VERSION, connectionId, scramble, offered, UTF8MB4_GENERAL_CI, ServerStatus.AUTOCOMMIT,
                CachingSha2Password.PLUGIN).encode();
    }

    /** Handles one packet of the connection phase. */
    void read(ChannelHandlerContext ctx, Packet packet, Accepted accepted) {
        byte[] payload = packet.payload();
        int next = packet.sequenceId() + 1;
        switch (step) {
            case RESPONSE -> response(ctx, payload, next, accepted);
            case NATIVE_SWITCH -> nativePassword(ctx, payload, next, accepted);
            case SHA2_FULL -> fullAuthentication(ctx, payload, next, accepted);
            case DONE -> { }
        }
    }

    private void response(ChannelHandlerContext ctx, byte[] payload, int next, Accepted accepted) {
        if (!tls && isSslRequest(payload)) {
            startTls(ctx);
            return;
        }
        response = HandshakeResponse41.decode(payload);
        if (server.config().tls() != null && server.config().tls().require() && !tls) {
            fail(ctx, next, new ErrPacket(SECURE_TRANSPORT_REQUIRED, "08004",
                    "Connections using insecure transport are prohibited (proxy.tls.require is true): connect with TLS"));
            return;
        }
        authenticate(ctx, next, accepted);
    }

    /** Checks {@link #response}'s credentials with the plugin the client chose. */
    private void authenticate(ChannelHandlerContext ctx, int next, Accepted accepted) {
        String plugin = response.authPluginName();
        if (CachingSha2Password.PLUGIN.equals(plugin)) {
            sha2FastPath(ctx, response.authResponse(), next, accepted);
        } else if (plugin != null && !plugin.isEmpty() && !NativePassword.PLUGIN.equals(plugin)) {
            switchToNative(ctx, next);
        } else {
            nativePassword(ctx, response.authResponse(), next, accepted);
        }
    }

    /**
     * COM_CHANGE_USER: authenticates again, as the user the packet names, against the scramble of
     * the greeting; the session's split connection is replaced once accepted, and a refusal closes
     * the session, as on MySQL.
     */
    void changeUser(ChannelHandlerContext ctx, Packet packet, Accepted accepted) {
        int capabilities = response.capabilities();
        PayloadReader r = new PayloadReader(Arrays.copyOfRange(packet.payload(), 1, packet.payload().length));
        String user = r.nulString();
        byte[] auth = (capabilities & Capabilities.CLIENT_SECURE_CONNECTION) != 0 ? r.bytes(r.int1())
                : r.nulString().getBytes(StandardCharsets.UTF_8);
        String database = r.remaining() > 0 ? r.nulString() : null;
        int charset = r.remaining() >= 2 ? (int) r.fixedInt(2) : response.characterSet();
        String plugin = (capabilities & Capabilities.CLIENT_PLUGIN_AUTH) != 0 && r.remaining() > 0 ? r.nulString() : null;
        response = new HandshakeResponse41(capabilities, response.maxPacketSize(), charset, user, auth,
                database == null || database.isEmpty() ? null : database, plugin);
        step = Step.RESPONSE;
        authenticate(ctx, packet.sequenceId() + 1, accepted);
    }

    /** A 32-byte HandshakeResponse with CLIENT_SSL: the client switches to TLS before it says who it is. */
    private boolean isSslRequest(byte[] payload) {
        if (payload.length != 32 || (offered & Capabilities.CLIENT_SSL) == 0) {
            return false;
        }
        int capabilities = (int) new PayloadReader(payload).fixedInt(4);
        return (capabilities & Capabilities.CLIENT_SSL) != 0;
    }

    /**
     * Puts TLS in front of the packet decoder. Bytes the client sent right after its SSLRequest (the
     * start of the TLS handshake) may already sit in the decoder: they are handed to TLS first.
     */
    private void startTls(ChannelHandlerContext ctx) {
        tls = true;
        SslHandler ssl = server.config().tls().context().newHandler(ctx.alloc());
        ctx.pipeline().addFirst("tls", ssl);
        ByteBuf early = ((PacketFrameDecoder) ctx.pipeline().get(ProxyServer.FRAMES)).takeBuffered();
        if (early.isReadable()) {
            ctx.channel().eventLoop().execute(() -> {
                ctx.pipeline().fireChannelRead(early);
                ctx.pipeline().fireChannelReadComplete();
            });
        } else {
            early.release();
        }
    }

    private void switchToNative(ChannelHandlerContext ctx, int next) {
        step = Step.NATIVE_SWITCH;
        ctx.writeAndFlush(new Packet(next, new AuthSwitchRequest(NativePassword.PLUGIN, scramble).encode()));
    }

    private void nativePassword(ChannelHandlerContext ctx, byte[] answer, int next, Accepted accepted) {
        ProxyUser user = server.config().users().get(response.user());
        boolean ok = NativePassword.matches(answer, scramble, user == null ? Arrays.copyOf(NO_USER, 20) : user.doubleSha1());
        if (user == null || !ok) {
            deny(ctx, next, answer.length > 0);
            return;
        }
        done(ctx, next, accepted);
    }

    private void sha2FastPath(ChannelHandlerContext ctx, byte[] answer, int next, Accepted accepted) {
        ProxyUser user = server.config().users().get(response.user());
        byte[] digest = user == null ? null : server.sha2Digest(user);
        if (digest != null) {
            if (!CachingSha2Password.matches(answer, scramble, digest)) {
                deny(ctx, next, answer.length > 0);
                return;
            }
            ctx.write(new Packet(next, new AuthMoreData(new byte[] {CachingSha2Password.FAST_AUTH_SUCCESS}).encode()));
            done(ctx, next + 1, accepted);
        } else if (tls) {
            // unknown users come here too: they are refused after sending a password, like a wrong one
            step = Step.SHA2_FULL;
            ctx.writeAndFlush(new Packet(next, new AuthMoreData(new byte[] {CachingSha2Password.PERFORM_FULL_AUTHENTICATION}).encode()));
        } else {
            switchToNative(ctx, next);
        }
    }

    /** Over TLS the client sends the password itself, NUL-terminated. */
    private void fullAuthentication(ChannelHandlerContext ctx, byte[] payload, int next, Accepted accepted) {
        int end = payload.length > 0 && payload[payload.length - 1] == 0 ? payload.length - 1 : payload.length;
        String password = new String(payload, 0, end, StandardCharsets.UTF_8);
        ProxyUser user = server.config().users().get(response.user());
        byte[] stored = user == null ? Arrays.copyOf(NO_USER, 20) : user.doubleSha1();
        boolean ok = MessageDigest.isEqual(NativePassword.doubleSha1(password), stored);
        if (user == null || !ok) {
            deny(ctx, next, !password.isEmpty());
            return;
        }
        server.cacheSha2Digest(user, CachingSha2Password.digest(password));
        done(ctx, next, accepted);
    }

    private void done(ChannelHandlerContext ctx, int next, Accepted accepted) {
        step = Step.DONE;
        accepted.accepted(ctx, response, response.capabilities() & offered, next, tls);
    }

    private void deny(ChannelHandlerContext ctx, int next, boolean withPassword) {
        fail(ctx, next, new ErrPacket(ErrorCodes.ACCESS_DENIED, "28000",
                "Access denied for user '" + response.user() + "' (using password: " + (withPassword ? "YES" : "NO") + ")"));
    }

    private void fail(ChannelHandlerContext ctx, int next, ErrPacket err) {
        step = Step.DONE;
        ctx.writeAndFlush(new Packet(next, err.encode())).addListener(ChannelFutureListener.CLOSE);
    }
}
