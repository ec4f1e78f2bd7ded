package io.splitdb.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Writes a {@link Packet} as frames: payloads of 0xFFFFFF bytes or more are split into full frames
 * followed by a shorter (possibly empty) one, each frame taking the next sequence id.
 */
public final class PacketFrameEncoder extends MessageToByteEncoder<Packet> {
    @Override
    protected void encode(ChannelHandlerContext ctx, Packet packet, ByteBuf out) {
        write(packet, out);
    }

    /** The frames of {@code packet}, appended to {@code out}; static so tests can check the bytes. */
    public static void write(Packet packet, ByteBuf out) {
        byte[] payload = packet.payload();
        int sequenceId = packet.sequenceId();
        int offset = 0;
        while (true) {
            int length = Math.min(Packet.MAX_FRAME_PAYLOAD, payload.length - offset);
            out.writeMediumLE(length);
            out.writeByte(sequenceId & 0xFF);
            out.writeBytes(payload, offset, length);
            offset += length;
            sequenceId++;
            if (length < Packet.MAX_FRAME_PAYLOAD) {
                return;
            }
        }
    }
}
