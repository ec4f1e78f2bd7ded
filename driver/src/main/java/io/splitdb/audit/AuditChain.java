package io.splitdb.audit;

import io.splitdb.crypto.ColumnKeys;
import io.splitdb.crypto.Keyring;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One driver instance's hash chain: each entry's hash is HMAC-SHA-256, under a key derived from
 * the master key, over the stream id, its sequence number, the previous entry's hash and every
 * field. Editing, removing or reordering an entry breaks the chain from there on, and recomputing
 * it needs the master key: a DBA account on all three backends is not enough.
 *
 * <p>The message is a length-prefixed encoding (4-byte big-endian length, then the bytes) of a
 * label and each field in {@link AuditEntry}'s order (strings in UTF-8, numbers 8-byte
 * big-endian), so no two different entries share a message.
 */
public final class AuditChain {
    private static final byte[] LABEL = "splitdb audit v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String stream;
    private final int keyVersion;
    private final byte[] key;
    private long nextSeq;
    private byte[] prev = new byte[0];

    /** A new stream with a random id, chained under the keyring's current master key. */
    public AuditChain(Keyring keys) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        this.stream = HexFormat.of().formatHex(id);
        this.keyVersion = keys.currentVersion();
        this.key = key(keys, keyVersion);
    }

    public String stream() {
        return stream;
    }

    /** Seals the next entry of this stream. */
    public synchronized AuditEntry append(long atMillis, AuditWho who, AuditEvent e) {
        AuditEntry unsealed = new AuditEntry(stream, nextSeq, atMillis, who.user(), who.app(), who.host(), e.kind(), e.tables(),
                e.columns(), e.shape(), e.rowCount(), e.rowKeys(), keyVersion, prev, new byte[0]);
        AuditEntry sealed = unsealed.withHash(mac(key, unsealed));
        nextSeq++;
        prev = sealed.hash();
        return sealed;
    }

    /**
     * The chain key of a master key version: HKDF from the master key, purpose {@link ColumnKeys#AUDIT}.
     * The caller wipes it when done.
     *
     * @throws IllegalArgumentException if the keyring lacks that version
     */
    public static byte[] key(Keyring keys, int version) {
        return ColumnKeys.derive(keys.master(version), "_split", "_audit", ColumnKeys.AUDIT, version);
    }

    /** The hash an entry must carry: HMAC-SHA-256 under {@code key} over every field but the hash itself. */
    public static byte[] mac(byte[] key, AuditEntry e) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message(e));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HmacSHA256 is unavailable: " + ex.getClass().getSimpleName(), ex);
        }
    }

    static byte[] message(AuditEntry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, LABEL);
        text(out, e.stream());
        number(out, e.seq());
        field(out, e.prevHash());
        number(out, e.atMillis());
        text(out, e.who());
        text(out, e.app());
        text(out, e.host());
        text(out, e.kind());
        text(out, e.tables());
        text(out, e.columns());
        text(out, e.shape());
        number(out, e.rowCount());
        text(out, e.rowKeys());
        number(out, e.keyVersion());
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, String s) {
        field(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void number(ByteArrayOutputStream out, long n) {
        field(out, ByteBuffer.allocate(8).putLong(n).array());
    }

    private static void field(ByteArrayOutputStream out, byte[] value) {
        ColumnKeys.field(out, value);
    }

    /** Wipes the chain key (the database is closing). */
    synchronized void destroy() {
        Arrays.fill(key, (byte) 0);
    }
}
