package io.splitdb.cli;

import io.splitdb.audit.AuditChain;
import io.splitdb.audit.AuditEntry;
import io.splitdb.crypto.Keyring;

import java.io.PrintStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks the audit log as the three backends hold it: in every stream, every copy's HMAC, the
 * sequence without gaps from 0, each entry's link to the one before, and that all three backends
 * hold every entry. Prints one line per stream and one per problem; never a field of an entry
 * beyond stream, seq, kind and time.
 */
final class AuditVerifier {
    private final Keyring keys;
    private final PrintStream out;
    private final Map<Integer, byte[]> chainKeys = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final long recentSince;
    private long inFlight;

    AuditVerifier(Keyring keys, PrintStream out) {
        this(keys, out, Long.MAX_VALUE);
    }

    /**
     * @param recentSince entries written at or after this time (UTC ms) past the last one a backend
     *     holds are counted as still on their way there, not as problems: running applications write
     *     each backend's copy on their own, a fraction of a second apart, while verify reads one
     *     backend after the other. An entry missing before a backend's last one is a problem at once
     */
    AuditVerifier(Keyring keys, PrintStream out, long recentSince) {
        this.keys = keys;
        this.out = out;
        this.recentSince = recentSince;
    }

    /** Recent entries not yet on every backend (see the constructor). */
    long inFlight() {
        return inFlight;
    }

    /** Checks {@code byBackend} (each backend's whole log) and returns the problems found. */
    List<String> run(Map<Integer, List<AuditEntry>> byBackend) {
        // stream -> seq -> backend -> entry
        Map<String, TreeMap<Long, AuditEntry[]>> streams = new TreeMap<>();
        byBackend.forEach((b, entries) -> {
            for (AuditEntry e : entries) {
                streams.computeIfAbsent(e.stream(), s -> new TreeMap<>()).computeIfAbsent(e.seq(), q -> new AuditEntry[3])[b] = e;
            }
        });
        long total = 0;
        for (Map.Entry<String, TreeMap<Long, AuditEntry[]>> s : streams.entrySet()) {
            total += stream(s.getKey(), s.getValue(), new TreeSet<>(byBackend.keySet()));
        }
        out.println(streams.size() + " streams, " + total + " entries checked on backends " + new TreeSet<>(byBackend.keySet()));
        return problems;
    }

    /** Checks one stream; returns how many entries it has. */
    private long stream(String stream, TreeMap<Long, AuditEntry[]> bySeq, java.util.Set<Integer> backendsRead) {
        long last = bySeq.lastKey();
        long[] newest = {-1, -1, -1};  // per backend, the highest seq it holds: only a backend's tail can still be on its way
        bySeq.forEach((q, copies) -> {
            for (int b = 0; b < 3; b++) {
                if (copies[b] != null) {
                    newest[b] = Math.max(newest[b], q);
                }
            }
        });
        int[] held = new int[3];
        byte[] prevHash = null;  // the authentic hash of seq - 1, when known
        AuditEntry first = null;
        AuditEntry lastAuthentic = null;
        for (long seq = 0; seq <= last; seq++) {
            AuditEntry[] copies = bySeq.get(seq);
            if (copies == null) {
                problem("stream " + stream + " seq " + seq + ": missing on every backend (removed: the chain has a gap)");
                prevHash = null;
                continue;
            }
            AuditEntry authentic = null;
            AuditEntry anyCopy = java.util.Arrays.stream(copies).filter(java.util.Objects::nonNull).findFirst().orElseThrow();
            for (int b : backendsRead) {
                AuditEntry e = copies[b];
                if (e == null) {
                    if (anyCopy.atMillis() >= recentSince && seq > newest[b]) {
                        inFlight++;
                    } else {
                        problem("stream " + stream + " seq " + seq + ": missing on backend " + b
                                + " (removed there, or backend " + b + " was down when it was written and never caught up)");
                    }
                    continue;
                }
                held[b]++;
                if (!keys.versions().contains(e.keyVersion())) {
                    problem("stream " + stream + " seq " + seq + " on backend " + b + ": chained under master key version "
                            + e.keyVersion() + ", which the keyring does not hold (cannot be checked)");
                    continue;
                }
                if (!authentic(e)) {
                    problem("stream " + stream + " seq " + seq + " on backend " + b + ": edited (its HMAC does not match its fields)");
                    continue;
                }
                if (authentic == null) {
                    authentic = e;
                } else if (!MessageDigest.isEqual(authentic.hash(), e.hash())) {
                    problem("stream " + stream + " seq " + seq + " on backend " + b + ": differs from another backend's authentic copy");
                }
            }
            if (authentic == null) {
                prevHash = null;
                continue;
            }
            if (seq == 0) {
                first = authentic;
                if (authentic.prevHash().length != 0 || !authentic.kind().equals("open")) {
                    problem("stream " + stream + " seq 0: not the stream's open marker");
                }
            } else if (prevHash != null && !MessageDigest.isEqual(prevHash, authentic.prevHash())) {
                problem("stream " + stream + " seq " + seq + ": does not link to seq " + (seq - 1) + " (entries replaced or reordered)");
            }
            prevHash = authentic.hash();
            lastAuthentic = authentic;
        }
        String state = lastAuthentic != null && lastAuthentic.seq() == last && lastAuthentic.kind().equals("close")
                ? "closed"
                : "not closed (running, or stopped without closing: a removed tail would not show)";
        out.println("  stream " + stream + ": seq 0.." + last + (first == null ? "" : ", opened " + Instant.ofEpochMilli(first.atMillis())
                + (first.host().isEmpty() ? "" : " on " + first.host())) + ", " + state + "; entries held by backend 0/1/2: "
                + held[0] + "/" + held[1] + "/" + held[2]);
        return last + 1;
    }

    private boolean authentic(AuditEntry e) {
        byte[] key = chainKeys.computeIfAbsent(e.keyVersion(), v -> AuditChain.key(keys, v));
        return MessageDigest.isEqual(AuditChain.mac(key, e), e.hash());
    }

    private void problem(String p) {
        problems.add(p);
    }

    /** Wipes the chain keys. */
    void destroy() {
        chainKeys.values().forEach(k -> java.util.Arrays.fill(k, (byte) 0));
    }
}
