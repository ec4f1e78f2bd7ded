package io.splitdb.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Splits the byte stream into {@link Packet}s: each frame is a 3-byte little-endian length, a
 * 1-byte sequence id and the payload; frames of length 0xFFFFFF continue in the next frame and are
 * joined. A packet larger than {@code maxPacketSize} is refused (bounded memory per session).
 */
public final class PacketFrameDecoder extends ByteToMessageDecoder {
    private final int maxPacketSize;
    private ByteArrayOutputStream partial;
    private int firstSequenceId;
    private int expectedSequenceId;

    /** A decoder that refuses packets whose joined payload exceeds {@code maxPacketSize} bytes. */
    public PacketFrameDecoder(int maxPacketSize) {
        this.maxPacketSize = maxPacketSize;
    }

    /**
     * The bytes read past the last whole packet, taken out of this decoder (a copy the caller
     * releases): after an SSLRequest they are the start of the TLS handshake, not packets.
     */
    public ByteBuf takeBuffered() {
        ByteBuf buffered = internalBuffer();
        return buffered.readBytes(buffered.readableBytes());
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int length = in.getUnsignedMediumLE(in.readerIndex());
            if (in.readableBytes() < 4 + length) {
                return;
            }
            int sequenceId = in.getUnsignedByte(in.readerIndex() + 3);
            int already = partial == null ? 0 : partial.size();
            if ((long) already + length > maxPacketSize) {
                throw new MalformedPacketException("packet larger than the limit of " + maxPacketSize + " bytes");
            }
            if (partial != null && sequenceId != expectedSequenceId) {
                throw new MalformedPacketException("continuation frame out of sequence: " + sequenceId + ", expected " + expectedSequenceId);
            }
            in.skipBytes(4);
            byte[] chunk = new byte[length];
            in.readBytes(chunk);
            if (length == Packet.MAX_FRAME_PAYLOAD || partial != null) {
                if (partial == null) {
                    partial = new ByteArrayOutputStream();
                    firstSequenceId = sequenceId;
                }
                partial.writeBytes(chunk);
                expectedSequenceId = (sequenceId + 1) & 0xFF;
                if (length == Packet.MAX_FRAME_PAYLOAD) {
                    continue;
                }
                out.add(new Packet(firstSequenceId, partial.toByteArray()));
                partial = null;
            } else {
                out.add(new Packet(sequenceId, chunk));
            }
        }
    }
}
