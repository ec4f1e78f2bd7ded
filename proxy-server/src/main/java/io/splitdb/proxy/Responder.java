package io.splitdb.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.splitdb.proxy.protocol.EofPacket;
import io.splitdb.proxy.protocol.ErrPacket;
import io.splitdb.proxy.protocol.OkPacket;
import io.splitdb.proxy.protocol.Packet;

/**
 * Writes one command's response packets with consecutive sequence ids, and holds the session's
 * worker while the client reads slowly.
 */
final class Responder {
    private final ChannelHandlerContext ctx;
    private final Object writability;
    private final boolean deprecateEof;
    private int sequenceId;

    /**
     * @param writability the session's monitor, notified when the channel's writability changes
     * @param deprecateEof whether the client asked for CLIENT_DEPRECATE_EOF (result sets end with an OK)
     */
    Responder(ChannelHandlerContext ctx, Object writability, boolean deprecateEof, int firstSequenceId) {
        this.ctx = ctx;
        this.writability = writability;
        this.deprecateEof = deprecateEof;
        this.sequenceId = firstSequenceId;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    boolean deprecateEof() {
        return deprecateEof;
    }

    void send(byte[] payload) {
        ctx.write(new Packet(sequenceId & 0xFF, payload));
        sequenceId += Packet.frameCount(payload.length);
    }

    void flush() {
        ctx.flush();
    }

    void ok(long affected, long lastInsertId, int status) {
        send(new OkPacket(affected, lastInsertId, status, 0).encode());
        flush();
    }

    void error(ErrPacket err) {
        send(err.encode());
        flush();
    }

    /** The EOF after column definitions; nothing when the client deprecated EOF. */
    void endOfColumns(int status) {
        if (!deprecateEof) {
            send(new EofPacket(0, status).encode());
        }
    }

    /** The end of rows: EOF, or an OK with the EOF header for a client that deprecated EOF. */
    void endOfRows(int status) {
        send(deprecateEof ? new OkPacket(0, 0, status, 0).encode(OkPacket.EOF_HEADER) : new EofPacket(0, status).encode());
        flush();
    }

    /**
     * Holds the caller while the socket's outbound buffer is above Netty's high-water mark, so a
     * client that reads a large result slowly costs a bounded amount of memory. False when the
     * client is gone.
     */
    boolean awaitWritable() {
        synchronized (writability) {
            while (ctx.channel().isActive() && !ctx.channel().isWritable()) {
                try {
                    writability.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return ctx.channel().isActive();
    }
}
