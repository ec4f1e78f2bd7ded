package io.splitdb.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.splitdb.crypto.ColumnKeys;
import io.splitdb.crypto.Keyring;
import io.splitdb.crypto.MasterKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditChainTest {
    private static final byte[] KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            KEY[i] = (byte) i;
        }
    }

    private static AuditEntry sample() {
        byte[] prev = new byte[32];
        Arrays.fill(prev, (byte) 0xAA);
        return new AuditEntry("00112233445566778899aabbccddeeff", 7, 1_700_000_000_000L, "alice", "ward-app", "host-1", "read",
                "patients", "patients.name,patients.ssn", "SELECT name, ssn FROM patients WHERE id = ?", 2,
                "patients:11 patients:12", 1, prev, new byte[0]);
    }

    /** Computed independently (Python's hmac over the documented length-prefixed encoding). */
    @Test
    void knownKeyGivesKnownHmac() {
        assertThat(HexFormat.of().formatHex(AuditChain.mac(KEY, sample())))
                .isEqualTo("b177533d702069328ce1f708dc8fc6ef0da03886163298a232191028c224e45f");
    }

    @Test
    void everyFieldIsCovered() {
        AuditEntry e = sample();
        byte[] base = AuditChain.mac(KEY, e);
        byte[] otherPrev = e.prevHash().clone();
        otherPrev[31] ^= 1;
        List<AuditEntry> edits = List.of(
                new AuditEntry("00112233445566778899aabbccddeefe", 7, e.atMillis(), e.who(), e.app(), e.host(), e.kind(), e.tables(),
                        e.columns(), e.shape(), e.rowCount(), e.rowKeys(), 1, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 8, e.atMillis(), e.who(), e.app(), e.host(), e.kind(), e.tables(),
                        e.columns(), e.shape(), e.rowCount(), e.rowKeys(), 1, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 7, e.atMillis() + 1, e.who(), e.app(), e.host(), e.kind(), e.tables(),
                        e.columns(), e.shape(), e.rowCount(), e.rowKeys(), 1, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 7, e.atMillis(), "mallory", e.app(), e.host(), e.kind(), e.tables(),
                        e.columns(), e.shape(), e.rowCount(), e.rowKeys(), 1, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 7, e.atMillis(), e.who(), "", e.host(), e.kind(), e.tables(),
                        e.columns(), e.shape(), e.rowCount(), e.rowKeys(), 1, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 7, e.atMillis(), e.who(), e.app(), "host-2", e.kind(), e.tables(),
                        e.columns(), e.shape(), e.rowCount(), e.rowKeys(), 1, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 7, e.atMillis(), e.who(), e.app(), e.host(), "write", e.tables(),
                        e.columns(), e.shape(), e.rowCount(), e.rowKeys(), 1, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 7, e.atMillis(), e.who(), e.app(), e.host(), e.kind(), "visits",
                        e.columns(), e.shape(), e.rowCount(), e.rowKeys(), 1, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 7, e.atMillis(), e.who(), e.app(), e.host(), e.kind(), e.tables(),
                        "patients.name", e.shape(), e.rowCount(), e.rowKeys(), 1, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 7, e.atMillis(), e.who(), e.app(), e.host(), e.kind(), e.tables(),
                        e.columns(), "SELECT name FROM patients", e.rowCount(), e.rowKeys(), 1, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 7, e.atMillis(), e.who(), e.app(), e.host(), e.kind(), e.tables(),
                        e.columns(), e.shape(), 1, e.rowKeys(), 1, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 7, e.atMillis(), e.who(), e.app(), e.host(), e.kind(), e.tables(),
                        e.columns(), e.shape(), e.rowCount(), "patients:11", 1, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 7, e.atMillis(), e.who(), e.app(), e.host(), e.kind(), e.tables(),
                        e.columns(), e.shape(), e.rowCount(), e.rowKeys(), 2, e.prevHash(), e.hash()),
                new AuditEntry(e.stream(), 7, e.atMillis(), e.who(), e.app(), e.host(), e.kind(), e.tables(),
                        e.columns(), e.shape(), e.rowCount(), e.rowKeys(), 1, otherPrev, e.hash()));
        for (AuditEntry edited : edits) {
            assertThat(AuditChain.mac(KEY, edited)).as(edited.toString()).isNotEqualTo(base);
        }
    }

    @Test
    void fieldBoundariesAreUnambiguous() {
        AuditEntry e = sample();
        AuditEntry a = new AuditEntry(e.stream(), 7, e.atMillis(), "ab", "c", e.host(), e.kind(), e.tables(), e.columns(), e.shape(),
                e.rowCount(), e.rowKeys(), 1, e.prevHash(), e.hash());
        AuditEntry b = new AuditEntry(e.stream(), 7, e.atMillis(), "a", "bc", e.host(), e.kind(), e.tables(), e.columns(), e.shape(),
                e.rowCount(), e.rowKeys(), 1, e.prevHash(), e.hash());
        assertThat(AuditChain.mac(KEY, a)).isNotEqualTo(AuditChain.mac(KEY, b));
    }

    @Test
    void entriesLinkToTheirPredecessorAndVerifyUnderTheDerivedKey() {
        Keyring keys = Keyring.single(MasterKey.generate());
        AuditChain chain = new AuditChain(keys);
        AuditWho who = new AuditWho("alice", "", "h");
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            entries.add(chain.append(1000 + i, who, new AuditEvent("read", "patients", "patients.name", "SELECT ?", 1, "patients:" + i)));
        }
        assertThat(entries).extracting(AuditEntry::seq).containsExactly(0L, 1L, 2L);
        assertThat(entries.get(0).prevHash()).isEmpty();
        assertThat(entries.get(1).prevHash()).isEqualTo(entries.get(0).hash());
        assertThat(entries.get(2).prevHash()).isEqualTo(entries.get(1).hash());
        byte[] key = AuditChain.key(keys, 1);
        for (AuditEntry e : entries) {
            assertThat(AuditChain.mac(key, e)).isEqualTo(e.hash());
        }
        // the chain key is not any column's key, nor the key of another master key
        assertThat(key).isNotEqualTo(ColumnKeys.derive(keys.current(), "_split", "_audit", ColumnKeys.INDEX, 1));
        assertThat(AuditChain.key(Keyring.single(MasterKey.generate()), 1)).isNotEqualTo(key);
    }

    @Test
    void longFieldsAreCutToTheirColumns() {
        AuditEvent e = new AuditEvent("read", "t".repeat(5000), "c".repeat(5000), "s".repeat(70_000), 0, "");
        assertThat(e.tables()).hasSize(AuditEvent.MAX_TABLES);
        assertThat(e.columns()).hasSize(AuditEvent.MAX_COLUMNS);
        assertThat(e.shape()).hasSize(AuditEvent.MAX_SHAPE);
        assertThat(new AuditWho("u".repeat(300), null, "h").user()).hasSize(AuditWho.MAX);
    }
}
