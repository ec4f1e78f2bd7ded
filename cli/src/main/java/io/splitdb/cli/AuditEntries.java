package io.splitdb.cli;

import io.splitdb.audit.AuditEntry;
import io.splitdb.audit.AuditTable;
import io.splitdb.exec.Backend;
import io.splitdb.exec.SessionSettings;
import io.splitdb.exec.SplitDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The audit log as each backend holds it, read straight from the backends (the driver never shows it). */
final class AuditEntries {
    private AuditEntries() {
    }

    /**
     * Each backend's entries matching {@code where}, by backend index; a backend that is out of
     * service or does not answer is left out.
     */
    static Map<Integer, List<AuditEntry>> fromEachBackend(SplitDatabase db, String where, List<Object> args, List<String> unreadable) {
        return fromEachBackend(db, where, args, 0, unreadable);
    }

    /**
     * As {@link #fromEachBackend(SplitDatabase, String, List, List)}; with {@code newest > 0} only
     * each backend's newest entries (the newest of the merged log are among them).
     */
    static Map<Integer, List<AuditEntry>> fromEachBackend(SplitDatabase db, String where, List<Object> args, int newest,
                                                          List<String> unreadable) {
        Map<Integer, List<AuditEntry>> result = new LinkedHashMap<>();
        for (Backend b : db.backends().all()) {
            if (!b.isUp()) {
                unreadable.add(b + " is out of service");
                continue;
            }
            try (Connection c = b.connection(SessionSettings.DEFAULT)) {
                result.put(b.index(), newest > 0 ? AuditTable.newest(c, where, args, newest) : AuditTable.read(c, where, args));
            } catch (SQLException e) {
                unreadable.add(b + " cannot be read: " + e.getMessage());
            }
        }
        return result;
    }

    /** Entries from all the backends read, each (stream, seq) once: a backend that missed one does not hide it. */
    static List<AuditEntry> merged(Map<Integer, List<AuditEntry>> byBackend) {
        Map<String, AuditEntry> union = new LinkedHashMap<>();
        for (List<AuditEntry> entries : byBackend.values()) {
            for (AuditEntry e : entries) {
                union.putIfAbsent(e.stream() + ":" + e.seq(), e);
            }
        }
        return new ArrayList<>(union.values());
    }
}
