package io.splitdb.cli;

import io.splitdb.audit.AuditChain;
import io.splitdb.audit.AuditEntry;
import io.splitdb.audit.AuditEvent;
import io.splitdb.audit.AuditWho;
import io.splitdb.crypto.Keyring;
import io.splitdb.crypto.MasterKey;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The chain checks of {@code splitdb audit verify}, on logs built in memory. */
class AuditVerifierTest {
    private final Keyring keys = Keyring.single(MasterKey.generate());
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private List<AuditEntry> stream(AuditChain chain, int reads, boolean close) {
        AuditWho who = new AuditWho("alice", "", "h");
        List<AuditEntry> entries = new ArrayList<>();
        entries.add(chain.append(1, who, new AuditEvent("open", "", "", "driver opened", 0, "")));
        for (int i = 0; i < reads; i++) {
            entries.add(chain.append(2 + i, who, new AuditEvent("read", "patients", "patients.name", "SELECT name FROM patients WHERE id = ?",
                    1, "patients:" + i)));
        }
        if (close) {
            entries.add(chain.append(100, who, new AuditEvent("close", "", "", "driver closed", 0, "")));
        }
        return entries;
    }

    private List<String> verify(List<AuditEntry> b0, List<AuditEntry> b1, List<AuditEntry> b2) {
        return new AuditVerifier(keys, new PrintStream(printed, true, StandardCharsets.UTF_8)).run(Map.of(0, b0, 1, b1, 2, b2));
    }

    private String out() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aWholeClosedStreamOnAllThreeBackendsPasses() {
        AuditChain chain = new AuditChain(keys);
        List<AuditEntry> log = stream(chain, 3, true);
        assertThat(verify(log, log, log)).isEmpty();
        assertThat(out()).contains("stream " + chain.stream() + ": seq 0..4").contains("closed; entries held by backend 0/1/2: 5/5/5");
    }

    @Test
    void aRecentEntryNotYetOnEveryBackendIsInFlightNotAProblem() {
        AuditChain chain = new AuditChain(keys);
        List<AuditEntry> log = stream(chain, 3, false);
        List<AuditEntry> behind = log.subList(0, log.size() - 1);
        AuditVerifier lenient = new AuditVerifier(keys, new PrintStream(printed, true, StandardCharsets.UTF_8), log.get(log.size() - 1).atMillis());
        assertThat(lenient.run(Map.of(0, log, 1, behind, 2, log))).isEmpty();
        assertThat(lenient.inFlight()).isEqualTo(1);
        assertThat(verify(log, behind, log)).as("the same entry, once it is old").singleElement().asString().contains("missing on backend 1");
        List<AuditEntry> gap = new java.util.ArrayList<>(log);
        gap.remove(2);
        assertThat(lenient.run(Map.of(0, log, 1, gap, 2, log))).as("a recent entry removed before the backend's last one")
                .singleElement().asString().contains("seq 2: missing on backend 1");
    }

    @Test
    void anUnclosedStreamIsReportedButIsNoProblem() {
        AuditChain chain = new AuditChain(keys);
        List<AuditEntry> log = stream(chain, 2, false);
        assertThat(verify(log, log, log)).isEmpty();
        assertThat(out()).contains("not closed (running, or stopped without closing");
    }

    @Test
    void editedRemovedAndGapsAreNamed() {
        AuditChain chain = new AuditChain(keys);
        List<AuditEntry> log = stream(chain, 4, true);
        List<AuditEntry> edited = new ArrayList<>(log);
        AuditEntry e = log.get(2);
        edited.set(2, new AuditEntry(e.stream(), e.seq(), e.atMillis(), "mallory", e.app(), e.host(), e.kind(), e.tables(), e.columns(),
                e.shape(), e.rowCount(), e.rowKeys(), e.keyVersion(), e.prevHash(), e.hash()));
        List<AuditEntry> removed = new ArrayList<>(log);
        removed.remove(3);
        assertThat(verify(log, edited, removed)).containsExactly(
                "stream " + chain.stream() + " seq 2 on backend 1: edited (its HMAC does not match its fields)",
                "stream " + chain.stream() + " seq 3: missing on backend 2 (removed there, or backend 2 was down when it was written "
                        + "and never caught up)");
        assertThat(verify(removed, removed, removed)).containsExactly(
                "stream " + chain.stream() + " seq 3: missing on every backend (removed: the chain has a gap)");
    }

    @Test
    void anEntryThatDoesNotLinkToItsPredecessorIsNamed() {
        // only a holder of the master key can do this: seal an entry whose previous hash is not its predecessor's
        AuditChain chain = new AuditChain(keys);
        List<AuditEntry> log = new ArrayList<>(stream(chain, 3, false));
        AuditEntry e = log.get(2);
        AuditEntry relinked = new AuditEntry(e.stream(), e.seq(), e.atMillis(), e.who(), e.app(), e.host(), e.kind(), e.tables(),
                e.columns(), e.shape(), e.rowCount(), e.rowKeys(), e.keyVersion(), log.get(0).hash(), new byte[0]);
        byte[] key = AuditChain.key(keys, 1);
        relinked = new AuditEntry(relinked.stream(), relinked.seq(), relinked.atMillis(), relinked.who(), relinked.app(), relinked.host(),
                relinked.kind(), relinked.tables(), relinked.columns(), relinked.shape(), relinked.rowCount(), relinked.rowKeys(),
                relinked.keyVersion(), relinked.prevHash(), AuditChain.mac(key, relinked));
        log.set(2, relinked);
        assertThat(verify(log, log, log)).containsExactly(
                "stream " + chain.stream() + " seq 2: does not link to seq 1 (entries replaced or reordered)",
                "stream " + chain.stream() + " seq 3: does not link to seq 2 (entries replaced or reordered)");
    }

    @Test
    void anEntryUnderAnotherMasterKeyIsNotAuthentic() {
        AuditChain foreign = new AuditChain(Keyring.single(MasterKey.generate()));
        List<AuditEntry> log = stream(foreign, 1, true);
        assertThat(verify(log, log, log)).hasSize(9).allMatch(p -> p.endsWith("edited (its HMAC does not match its fields)"));
    }
}
