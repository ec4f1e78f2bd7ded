package io.splitdb.proxy.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 3-byte length + sequence id framing, including payloads of 16 MiB - 1 bytes and more. */
class PacketFramingTest {

    @Test
    void smallPacketFrame() {
        ByteBuf out = Unpooled.buffer();
        PacketFrameEncoder.write(new Packet(1, Hex.bytes("01")), out);
        assertThat(ByteBufUtilBytes.of(out)).isEqualTo(Hex.bytes("01 00 00 01 01")); // COM_QUIT as the docs show it (seq 1 here)
    }

    @Test
    void decoderWaitsForWholeFramesAndKeepsSequenceIds() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(1 << 20));
        ch.writeInbound(Unpooled.wrappedBuffer(Hex.bytes("05 00 00 00 03 53 45")));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(Hex.bytes("4c 31 01 00 00 00 0e")));
        Packet query = ch.readInbound();
        assertThat(query.sequenceId()).isZero();
        assertThat(query.payload()).isEqualTo(Hex.bytes("03 53 45 4c 31"));
        Packet ping = ch.readInbound();
        assertThat(ping.payload()).isEqualTo(Hex.bytes("0e"));
    }

    @Test
    void payloadOfExactlyMaxFrameIsFollowedByAnEmptyFrameAndJoinsBack() {
        byte[] payload = new byte[Packet.MAX_FRAME_PAYLOAD];
        Arrays.fill(payload, (byte) 7);
        ByteBuf out = Unpooled.buffer();
        PacketFrameEncoder.write(new Packet(3, payload), out);
        assertThat(out.readableBytes()).isEqualTo(4 + Packet.MAX_FRAME_PAYLOAD + 4);
        assertThat(out.getUnsignedMediumLE(0)).isEqualTo(0xFFFFFF);
        assertThat(out.getUnsignedByte(3)).isEqualTo((short) 3);
        assertThat(out.getUnsignedMediumLE(4 + Packet.MAX_FRAME_PAYLOAD)).isZero();
        assertThat(out.getUnsignedByte(4 + Packet.MAX_FRAME_PAYLOAD + 3)).isEqualTo((short) 4);
        assertThat(Packet.frameCount(payload.length)).isEqualTo(2);

        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(64 << 20));
        ch.writeInbound(out);
        Packet joined = ch.readInbound();
        assertThat(joined.sequenceId()).isEqualTo(3);
        assertThat(joined.payload()).isEqualTo(payload);
    }

    @Test
    void payloadOver16MiBSplitsAndJoins() {
        byte[] payload = new byte[Packet.MAX_FRAME_PAYLOAD + 10];
        payload[payload.length - 1] = 42;
        ByteBuf out = Unpooled.buffer();
        PacketFrameEncoder.write(new Packet(0, payload), out);
        assertThat(out.readableBytes()).isEqualTo(payload.length + 8);
        assertThat(out.getUnsignedMediumLE(4 + Packet.MAX_FRAME_PAYLOAD)).isEqualTo(10);
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(64 << 20));
        ch.writeInbound(out);
        Packet joined = ch.readInbound();
        assertThat(joined.payload()).isEqualTo(payload);
    }

    @Test
    void packetOverTheLimitIsRefused() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(1024));
        ByteBuf big = Unpooled.buffer();
        PacketFrameEncoder.write(new Packet(0, new byte[2000]), big);
        assertThatThrownBy(() -> ch.writeInbound(big))
                .isInstanceOf(DecoderException.class).hasRootCauseInstanceOf(MalformedPacketException.class);
    }

    /** The readable bytes of a buffer. */
    static final class ByteBufUtilBytes {
        static byte[] of(ByteBuf b) {
            byte[] r = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), r);
            return r;
        }
    }
}
