package io.splitdb.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the driver learns from a statement's text alone before planning it, remembered per text:
 * an application's prepared statements send the same few texts again and again, and the dozen
 * regular expressions that recognise transaction control and session statements cost more than a
 * plan-cache hit.
 *
 * <p>Only ordinary statements are remembered (neither transaction control nor answered by the
 * session): whether a text is one depends on the text alone, never on the session's state.
 */
final class StatementTraits {
    private static final int MAX_TEXTS = 4096;
    /** Longer texts (a bulk INSERT's thousands of rows) are one-offs: judged each time, never held. */
    static final int MAX_TEXT_LENGTH = 4096;
    private static final Map<String, StatementTraits> ORDINARY = new ConcurrentHashMap<>();

    private final boolean changesBackendSession;

    private StatementTraits(boolean changesBackendSession) {
        this.changesBackendSession = changesBackendSession;
    }

    /** The traits of an ordinary statement seen before, or null. */
    static StatementTraits ordinary(String sql) {
        return ORDINARY.get(sql);
    }

    /** Records that {@code sql} is an ordinary statement (if it is short enough to keep); returns its traits. */
    static StatementTraits rememberOrdinary(String sql) {
        StatementTraits traits = new StatementTraits(Session.changesBackendSession(sql));
        if (sql.length() > MAX_TEXT_LENGTH) {
            return traits;
        }
        if (ORDINARY.size() >= MAX_TEXTS) {
            ORDINARY.clear();  // unprepared statements with ever new literals: start over rather than grow
        }
        ORDINARY.put(sql, traits);
        return traits;
    }

    /** True if the statement leaves state in the backend session (user variables, locks, prepared statements). */
    boolean changesBackendSession() {
        return changesBackendSession;
    }
}
