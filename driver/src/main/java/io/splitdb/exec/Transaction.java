package io.splitdb.exec;

import io.splitdb.catalog.ColumnInfo;
import io.splitdb.catalog.TableInfo;
import io.splitdb.policy.Protection;
import io.splitdb.policy.SplitConfig;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One transaction across the backends that are in service: a physical connection held on each
 * from the first statement to commit or rollback, so the transaction reads its own writes and
 * keeps its locks.
 *
 * <p><b>Atomic commit.</b> The lowest-numbered participant leads: it runs a local transaction;
 * the followers run XA branches. Commit prepares the followers, then commits the leader together
 * with a decision record ({@link Decisions}), then commits the followers. A crash at any point
 * leaves either no decision (the prepared branches are rolled back by {@link Recovery}) or a
 * decision (they are committed), so every transaction ends on all participants or on none.
 *
 * <p><b>Lock order.</b> Writes and locking reads run on the leader first and on the followers
 * only after, so two clients that want the same row meet on the leader's lock, never in a
 * deadlock across two servers that neither server could see.
 *
 * <p><b>Degraded writes.</b> With {@code writes: quorum} a transaction goes on with two
 * participants while the third backend is down; what it writes is recorded in
 * {@link PendingRepairs} in the same transaction, so the third is repaired when it returns.
 */
public final class Transaction {
    private static final Logger LOG = Logger.getLogger(Transaction.class.getName());
    private static final ThreadLocal<Transaction> BOUND = new ThreadLocal<>();
    /** Above this many rows of one table the missed writes are recorded as the whole table. */
    private static final int MAX_RECORDED_ROWS = 10_000;

    private enum State { ACTIVE, FAILED, ENDED }

    private final SplitDatabase db;
    private final Backends.Gate.Pass pass;
    private final List<Integer> participants;
    private final List<Integer> missing;
    private final Connection[] connections = new Connection[3];
    private final String gtrid;
    /** Tables (and rows, null meaning every row) written while a backend was missing. */
    private final Map<String, Set<Long>> touched = new LinkedHashMap<>();
    private State state = State.ACTIVE;
    private boolean committed;
    private String failure;
    private boolean wrote;
    private boolean discardAtEnd;
    private boolean released;

    private Transaction(SplitDatabase db, Backends.Gate.Pass pass, List<Integer> participants) {
        this.db = db;
        this.pass = pass;
        this.participants = List.copyOf(participants);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            if (!participants.contains(i)) {
                out.add(i);
            }
        }
        this.missing = List.copyOf(out);
        this.gtrid = Decisions.newGtrid(participants.get(0), db.databaseTag());
    }

    /**
     * Starts a transaction on every backend in service, with the session settings of the
     * statement running on this thread.
     *
     * @throws SQLTransientConnectionException (08S01) if too few backends are in service for a write
     */
    public static Transaction begin(SplitDatabase db) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return beginOnce(db);
            } catch (BackendLost e) {
                // a pooled connection to a server that just went away: it is marked down now, begin without it
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private static Transaction beginOnce(SplitDatabase db) throws SQLException {
        SessionSettings settings = BackendSessions.current();
        Backends.Gate.Pass pass = db.backends().gate().enter();
        List<Integer> joined = new ArrayList<>();
        Connection[] borrowed = new Connection[3];
        SQLException lost = null;
        try {
            for (Backend b : db.backends().all()) {
                if (!b.isUp()) {
                    continue;
                }
                try {
                    borrowed[b.index()] = b.connection(settings);
                    joined.add(b.index());
                } catch (SQLException e) {
                    if (!Backend.isConnectionFailure(e)) {
                        throw e;
                    }
                    b.markDown();
                    lost = e;
                }
            }
            requireQuorum(db, joined, lost);
            Transaction tx = new Transaction(db, pass, joined);
            for (int b : joined) {
                tx.connections[b] = borrowed[b];
                borrowed[b] = null;
            }
            try {
                tx.start();
            } catch (SQLException e) {
                tx.rollback();
                throw e;
            }
            return tx;
        } catch (SQLException | RuntimeException e) {
            for (int b = 0; b < 3; b++) {
                if (borrowed[b] != null) {
                    db.backends().get(b).discard(borrowed[b]);
                }
            }
            pass.close();
            throw e;
        }
    }

    private static void requireQuorum(SplitDatabase db, List<Integer> joined, SQLException lost) throws SQLException {
        boolean all = db.config().options().writes() == SplitConfig.Writes.ALL;
        if (joined.size() == 3 || (!all && joined.size() == 2)) {
            return;
        }
        List<String> down = new ArrayList<>();
        for (Backend b : db.backends().all()) {
            if (!joined.contains(b.index())) {
                down.add(b.toString());
            }
        }
        String why = all ? "writes need all three backends (options.writes: all)" : "writes need two of the three backends";
        throw new SQLTransientConnectionException("cannot start a transaction: " + why + ", and " + String.join(", ", down)
                + (down.size() == 1 ? " is" : " are") + " down; nothing was written", "08S01", lost);
    }

    /** The leader's local transaction and the followers' XA branches, all at once. */
    private void start() throws SQLException {
        runParallel(participants, (c, b) -> {
            try (Statement s = c.createStatement()) {
                s.execute(b == leader() ? "START TRANSACTION" : "XA START " + Decisions.xid(gtrid, b));
            }
            return null;
        });
    }

    /** The transaction bound to this thread's statement, or null in auto-commit. */
    public static Transaction current() {
        return BOUND.get();
    }

    /** Binds this transaction to the thread for one statement. */
    public BackendSessions.Scope bind() {
        Transaction previous = BOUND.get();
        BOUND.set(this);
        return () -> BOUND.set(previous);
    }

    public int leader() {
        return participants.get(0);
    }

    /** The backends taking part, leader first. */
    public List<Integer> participants() {
        return participants;
    }

    public List<Integer> followers() {
        return participants.subList(1, participants.size());
    }

    /** True once committed or rolled back (a failed transaction has not ended until the application rolls it back). */
    public boolean hasEnded() {
        return state == State.ENDED;
    }

    /** True once committed (a schema change's implicit commit included); false if rolled back or still open. */
    public boolean committed() {
        return committed;
    }

    /** True while the transaction can run statements (not failed, not ended). */
    public boolean isActive() {
        return state == State.ACTIVE;
    }

    /** True if it holds a connection to backend {@code b}. */
    public boolean holds(int b) {
        return connections[b] != null && state == State.ACTIVE;
    }

    /**
     * This transaction's connection to backend {@code b}, brought to {@code settings}; closing it
     * does not give it back (the transaction does, when it ends).
     */
    Connection connection(int b, SessionSettings settings) throws SQLException {
        checkActive();
        Connection c = connections[b];
        if (c == null) {
            throw new SQLTransientConnectionException("backend " + b + " does not take part in this transaction (it was down when the transaction began)", "08S01");
        }
        if (settings.discardAfterUse()) {
            discardAtEnd = true;
        }
        BackendSessions.bring(c, settings);
        return Cancellation.track(Backend.closingWith(c, () -> { }));
    }

    /**
     * Runs a write on {@code backends}: the leader first (if among them), then the others at once;
     * the results in the order given. A lost backend dooms the transaction (40001).
     */
    public <T> List<T> write(List<Integer> backends, BackendWork<T> work) throws SQLException {
        checkActive();
        wrote = true;
        List<Integer> targets = new ArrayList<>();
        for (int b : backends) {
            if (connections[b] != null) {
                targets.add(b);
            }
        }
        Map<Integer, T> results = new LinkedHashMap<>();
        List<Integer> rest = new ArrayList<>(targets);
        // the statement's own work can be cancelled; transaction control (start, prepare, commit) never is
        BackendWork<T> cancellable = (c, b) -> work.run(Cancellation.track(c), b);
        if (rest.remove(Integer.valueOf(leader()))) {
            results.put(leader(), runParallel(List.of(leader()), cancellable).get(0));
        }
        if (!rest.isEmpty()) {
            List<T> values = runParallel(rest, cancellable);
            for (int i = 0; i < rest.size(); i++) {
                results.put(rest.get(i), values.get(i));
            }
        }
        List<T> ordered = new ArrayList<>();
        for (int b : targets) {
            ordered.add(results.get(b));
        }
        return ordered;
    }

    /** Runs {@code work} on each backend of {@code backends} at once; a lost backend dooms the transaction. */
    private <T> List<T> runParallel(List<Integer> backends, BackendWork<T> work) throws SQLException {
        List<Parallel.Outcome<T>> outcomes = Parallel.run(db.backends().fanOut(), backends, b -> () -> work.run(connections[b], b));
        for (Parallel.Outcome<T> o : outcomes) {
            if (o.failed() && Backend.isConnectionFailure(o.error())) {
                throw lost(o.backend(), o.error());
            }
        }
        SQLException error = Parallel.firstError(outcomes);
        if (error != null) {
            throw error;
        }
        List<T> values = new ArrayList<>();
        outcomes.forEach(o -> values.add(o.value()));
        return values;
    }

    /** Backend {@code backend} failed under this transaction: marked down, the transaction failed (and rolled back). */
    BackendLost lost(int backend, SQLException cause) {
        db.backends().get(backend).markDown();
        fail("backend " + backend + " was lost");
        return new BackendLost("backend " + backend + " (" + db.backends().get(backend).url() + ") was lost during the transaction; "
                + "it was rolled back on every backend and nothing of it was written; retry it (writes go on with the other two)", cause);
    }

    /** Rolls back on the backends at once (releasing locks); the application's commit will fail and its rollback end it. */
    void fail(String why) {
        if (state == State.ACTIVE) {
            state = State.FAILED;
            failure = why;
            finish(true);
        }
    }

    private void checkActive() throws SQLException {
        if (state == State.FAILED) {
            throw new SQLTransientException("the transaction was rolled back (" + failure + "); roll back and retry it", "40001");
        }
        if (state == State.ENDED) {
            throw new SQLException("the transaction has ended", "25000");
        }
    }

    /**
     * Refuses a write to {@code table} that a missing backend would have to hold alone: the
     * ciphertext of an encrypted column lives only on its holder and cannot be rebuilt from the others.
     */
    public void checkWritable(TableInfo table) throws SQLException {
        for (ColumnInfo c : table.protectedColumns()) {
            if (c.protect() == Protection.ENCRYPTED && missing.contains(c.policy().holder())) {
                throw new SQLTransientConnectionException("cannot write to " + table.name() + " while backend " + c.policy().holder()
                        + " is down: it alone holds the encrypted column " + c.name() + "; nothing was written", "08S01");
            }
        }
    }

    /** Notes rows written (for the repair of a missing backend). */
    public void touched(TableInfo table, long[] rowids) {
        if (missing.isEmpty()) {
            return;
        }
        String name = table.name();
        if (!table.hasProtectedColumns()) {
            touchedTable(name);  // such a table has no row keys to name rows by
            return;
        }
        if (touched.containsKey(name) && touched.get(name) == null) {
            return;
        }
        Set<Long> rows = touched.computeIfAbsent(name, k -> new LinkedHashSet<>());
        for (long r : rowids) {
            rows.add(r);
        }
        if (rows.size() > MAX_RECORDED_ROWS) {
            touched.put(name, null);
        }
    }

    /** Notes a write to rows the driver does not know one by one: the whole table is repaired. */
    public void touchedTable(String name) {
        if (!missing.isEmpty()) {
            touched.put(name, null);
        }
    }

    public List<Integer> missing() {
        return missing;
    }

    /** Marks a savepoint on every participant. */
    public void savepoint(String name) throws SQLException {
        checkActive();
        runParallel(participants, (c, b) -> execute(c, "SAVEPOINT " + quote(name)));
    }

    /** Undoes what followed the savepoint on every participant; if that fails anywhere, the transaction can only roll back. */
    public void rollbackTo(String name) throws SQLException {
        onLeaderThenFollowers("ROLLBACK TO SAVEPOINT " + quote(name));
    }

    public void release(String name) throws SQLException {
        onLeaderThenFollowers("RELEASE SAVEPOINT " + quote(name));
    }

    /**
     * A savepoint statement: if the leader refuses it (no such savepoint) nothing changed and the
     * transaction goes on, as on MySQL; if a follower then fails, the backends differ and the
     * transaction can only roll back.
     */
    private void onLeaderThenFollowers(String sql) throws SQLException {
        checkActive();
        runParallel(List.of(leader()), (c, b) -> execute(c, sql));
        try {
            runParallel(followers(), (c, b) -> execute(c, sql));
        } catch (SQLException e) {
            fail(sql.split(" `")[0] + " failed on a follower");
            throw e;
        }
    }

    private static Void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
        return null;
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * Commits on every participant, atomically (see the class comment). A transaction that wrote
     * nothing just ends.
     *
     * @throws SQLException 40001 if it was rolled back instead; 08007 if the leader was lost while
     *     committing, so the outcome is not known here (recovery settles it on every backend)
     */
    public void commit() throws SQLException {
        if (state == State.FAILED) {
            rollback();
            throw new SQLTransientException("the transaction was rolled back (" + failure + "); nothing of it was written", "40001");
        }
        checkActive();
        if (!wrote) {
            state = State.ENDED;
            committed = true;
            finish(false);
            return;
        }
        try {
            if (!touched.isEmpty()) {
                runParallel(participants, (c, b) -> {
                    PendingRepairs.record(c, db.backends().get(b).own(PendingRepairs.TABLE), missing, touched);
                    return null;
                });
            }
            // the followers prepare while the leader writes its decision; the decision commits only after every prepare
            runParallel(participants, (c, b) -> {
                if (b == leader()) {
                    Decisions.record(c, db.backends().get(b).own(Decisions.TABLE), gtrid);
                } else {
                    execute(c, "XA END " + Decisions.xid(gtrid, b));
                    execute(c, "XA PREPARE " + Decisions.xid(gtrid, b));
                }
                return null;
            });
        } catch (SQLException e) {
            rollback();
            throw Decisions.isClaimedAbort(e) ? new SQLTransientException("the transaction was rolled back: recovery found it "
                    + "in doubt and aborted it; retry it", "40001", e) : e;
        }
        Connection leader = connections[leader()];
        try {
            execute(leader, "COMMIT");
        } catch (SQLException e) {
            if (Backend.isConnectionFailure(e)) {
                db.backends().get(leader()).markDown();
                state = State.ENDED;
                discardAll();
                throw new SQLTransientConnectionException("the leader backend " + leader() + " was lost while the transaction committed: "
                        + "it is committed on every backend or on none, and recovery settles which when the leader returns", "08007", e);
            }
            rollback();
            throw e;
        }
        state = State.ENDED;
        committed = true;
        List<Integer> followers = followers();
        List<Parallel.Outcome<Void>> outcomes = Parallel.run(db.backends().fanOut(), followers,
                b -> () -> execute(connections[b], "XA COMMIT " + Decisions.xid(gtrid, b)));
        boolean allCommitted = true;
        for (Parallel.Outcome<Void> o : outcomes) {
            if (o.failed() && !Decisions.isUnknownXid(o.error())) {
                // committed anyway: the decision is durable, and recovery commits the prepared branch when the backend answers
                allCommitted = false;
                if (Backend.isConnectionFailure(o.error())) {
                    db.backends().get(o.backend()).markDown();
                }
                LOG.log(Level.WARNING, "backend {0} did not confirm the commit of a prepared transaction; recovery will commit it",
                        o.backend());
                discard(o.backend());
            }
        }
        if (allCommitted) {
            db.recovery().decided(gtrid);
        }
        release();
    }

    /** Rolls back on every participant and gives the connections back. Never throws. */
    public void rollback() {
        if (state == State.ENDED) {
            return;
        }
        state = State.ENDED;
        finish(true);
    }

    /** Ends without a decision: the leader rolls back (or commits, having written nothing), the followers' branches roll back. */
    private void finish(boolean failed) {
        if (released) {
            return;
        }
        List<Parallel.Outcome<Void>> outcomes = Parallel.run(db.backends().fanOut(), participants, b -> () -> {
            Connection c = connections[b];
            if (b == leader()) {
                return execute(c, failed ? "ROLLBACK" : "COMMIT");
            }
            try {
                execute(c, "XA END " + Decisions.xid(gtrid, b));
            } catch (SQLException e) {
                if (Backend.isConnectionFailure(e)) {
                    throw e;
                }
                // already ended (or rolled back by a deadlock): the rollback below still applies
            }
            return execute(c, "XA ROLLBACK " + Decisions.xid(gtrid, b));
        });
        for (Parallel.Outcome<Void> o : outcomes) {
            if (o.failed()) {
                if (Backend.isConnectionFailure(o.error())) {
                    db.backends().get(o.backend()).markDown();
                }
                discard(o.backend());
            }
        }
        release();
    }

    private void discardAll() {
        for (int b : participants) {
            discard(b);
        }
        release();
    }

    private void discard(int b) {
        Connection c = connections[b];
        if (c != null) {
            connections[b] = null;
            db.backends().get(b).discard(c);
        }
    }

    private void release() {
        if (released) {
            return;
        }
        released = true;
        for (int b : participants) {
            Connection c = connections[b];
            if (c == null) {
                continue;
            }
            connections[b] = null;
            if (discardAtEnd) {
                db.backends().get(b).discard(c);
            } else {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the pool validates it before its next use
                }
            }
        }
        pass.close();
    }

    /** A transaction that lost a backend: rolled back everywhere, safe to retry. */
    public static final class BackendLost extends SQLTransientException {
        private static final long serialVersionUID = 1L;

        BackendLost(String message, SQLException cause) {
            super(message, "40001", cause);
        }
    }

    /** For logs: which transaction, never what it wrote. */
    @Override
    public String toString() {
        return "Transaction[" + gtrid + " on " + participants + "]";
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
