package io.splitdb.proxy.protocol;

/**
 * One logical MySQL packet: its payload and the sequence id of its first frame. A payload of
 * 16 MiB - 1 bytes or more travels as several frames (see {@link PacketFrameDecoder}); this
 * record is what the frames join into.
 */
public record Packet(int sequenceId, byte[] payload) {
    /** Largest payload of one frame (2^24 - 1); a frame of exactly this length is followed by another. */
    public static final int MAX_FRAME_PAYLOAD = 0xFFFFFF;

    /** How many frames {@code payloadLength} bytes take, so the next packet's sequence id can be computed. */
    public static int frameCount(int payloadLength) {
        return payloadLength / MAX_FRAME_PAYLOAD + 1;
    }
}
