package io.splitdb.cli;

import io.splitdb.catalog.TableInfo;
import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.MasterKey;
import io.splitdb.exec.KeyCensus;
import io.splitdb.exec.Reseal;
import io.splitdb.exec.SplitDatabase;
import io.splitdb.policy.KeysConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code splitdb rotate-keys}: two steps, because a new key must reach every application host
 * before any value is sealed under it (a host without it cannot read those values).
 * {@code --new-key} adds the next master key version to the keystore; a later run without it
 * re-encrypts every value under an older version, online and resumably.
 */
@Command(name = "rotate-keys", mixinStandardHelpOptions = true,
        description = {"Rotate the master key: add a new key version, then re-encrypt every value under an older one.",
                "Step 1: rotate-keys --new-key adds the next master key version to the keystore. Back the keystore up, copy it to "
                        + "every application host and proxy, and restart them (new connections also pick it up).",
                "Step 2: rotate-keys re-encrypts, online, in batches (one distributed transaction each, rows locked briefly), "
                        + "every value whose key version is older than the newest; both versions stay readable meanwhile. "
                        + "Run it again to resume after an interruption: values already under the newest version are skipped. "
                        + "It ends by counting the values left under older versions.",
                "rotate-keys --status counts the values per key version.",
                "Blind indexes stay keyed by the oldest version (see docs/operations.md), so that version stays in the keystore.",
                "Exit codes: 0 done (no value left under an older version), 1 not finished (a backend out of service, "
                        + "values left, or a failure), 2 usage or configuration error."})
final class RotateKeysCommand implements Callable<Integer> {

    @Mixin
    SplitDatabaseOption database;

    @Option(names = "--new-key", description = "add the next master key version to the keystore (step 1); re-encrypts nothing")
    boolean newKey;

    @Option(names = "--status", description = "count the values per key version and change nothing")
    boolean status;

    @Mixin
    ResealOptions options;

    @Override
    public Integer call() {
        if (newKey && status) {
            System.err.println("splitdb rotate-keys: give --new-key or --status, not both");
            return CommandFailure.USAGE;
        }
        try {
            options.check();
        } catch (CommandFailure e) {
            System.err.println("splitdb rotate-keys: " + e.getMessage());
            return e.exitCode();
        }
        try (SplitDatabaseOption.Opened opened = database.open()) {
            SplitDatabase db = opened.database();
            db.reloadCatalog();
            if (newKey) {
                return addKey(db);
            }
            if (status) {
                long old = census(db);
                return old < 0 ? CommandFailure.FAILED : 0;
            }
            return reencrypt(db);
        } catch (CommandFailure e) {
            System.err.println("splitdb rotate-keys: " + e.getMessage());
            return e.exitCode();
        } catch (SQLException e) {
            System.err.println("splitdb rotate-keys: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")");
            return CommandFailure.FAILED;
        }
    }

    private int addKey(SplitDatabase db) throws CommandFailure {
        KeysConfig keys = db.config().keys();
        if (keys.keystore() == null) {
            throw new CommandFailure(CommandFailure.USAGE, "keys come from environment variable " + keys.masterKeyEnv()
                    + ", which holds one key; rotation needs a keystore (splitdb keygen --keystore FILE, keys: { keystore: FILE })");
        }
        try {
            KeystoreFile.addVersion(keys.keystore(), keys.password(), MasterKey.generate());
        } catch (IOException | GeneralSecurityException e) {
            throw new CommandFailure(CommandFailure.FAILED, "cannot add a key version to " + keys.keystore() + ": " + e.getMessage(), e);
        }
        int version = db.values().keyVersions().stream().max(Integer::compare).orElseThrow() + 1;
        System.out.println("added master key version " + version + " to " + keys.keystore().toAbsolutePath());
        System.out.println("next:");
        System.out.println("  1. back up " + keys.keystore().getFileName() + " now: values sealed under version " + version
                + " cannot be read without it");
        System.out.println("  2. copy it to every application host and proxy, and restart them, so they can read version " + version);
        System.out.println("  3. splitdb rotate-keys --config " + database.config + "   (re-encrypts every value under an older version)");
        return 0;
    }

    private int reencrypt(SplitDatabase db) throws SQLException, CommandFailure {
        RepairCommand.noticeLost(db);
        if (!RepairCommand.allInService(db)) {
            Backends.printState(db, System.err);
            throw new CommandFailure(CommandFailure.FAILED, "every backend must be in service to re-encrypt (a backend left out "
                    + "would keep values under the old key); run splitdb repair first; nothing was changed");
        }
        int current = db.values().currentKeyVersion();
        System.out.println("re-encrypting every value under a key version older than " + current + " (" + database.config + ")");
        Reseal engine = new Reseal(db, options.batch);
        long rewritten = 0;
        for (TableInfo t : db.catalog().tables()) {
            if (!t.hasProtectedColumns()) {
                continue;
            }
            Progress progress = Progress.onStderr(false);
            progress.start(t.name(), 0, engine.rows(t));
            Reseal.Outcome o = engine.table(t, Reseal.Scope.OLDER_KEYS, null, options.stopAfter, progress::reached);
            progress.finish();
            rewritten += o.rowsRewritten();
            if (o.rowsRewritten() > 0) {
                DbaAudit.record(db, "rotate", "rotate-keys", t, DbaAudit.protectedColumns(t), o.rowsRewritten(), "");
            }
            System.out.println(t.name() + ": " + o.rowsVisited() + " rows read, " + o.rowsRewritten() + " re-encrypted");
            if (!o.finished()) {
                System.out.println("rotate-keys: stopped early; run splitdb rotate-keys again to finish");
                return CommandFailure.FAILED;
            }
        }
        System.out.println("rows re-encrypted: " + rewritten);
        long old = census(db);
        if (old != 0) {
            System.err.println("splitdb rotate-keys: values are left under older key versions or cannot be read "
                    + "(rows written meanwhile by a host without the new key?); run splitdb verify, then rotate-keys again");
            return CommandFailure.FAILED;
        }
        if (db.values().keyVersions().size() > 1) {
            System.out.println("no value names a key version older than " + current + "; keep the older versions in the keystore: "
                    + "the blind indexes are keyed by the oldest one, and backups taken before the rotation need them");
        }
        return 0;
    }

    /**
     * Prints the values per key version, table by table, and returns how many are under an older
     * version than the current one (-1 if some cannot be read at all).
     */
    private static long census(SplitDatabase db) throws SQLException {
        int current = db.values().currentKeyVersion();
        Map<Integer, Long> total = new TreeMap<>();
        System.out.println("values by key version (current: " + current + "):");
        for (TableInfo t : db.catalog().tables()) {
            if (!t.hasProtectedColumns()) {
                continue;
            }
            Map<Integer, Long> counts = KeyCensus.table(db, t);
            System.out.println("  " + t.name() + ": " + describe(counts));
            counts.forEach((v, n) -> total.merge(v, n, Long::sum));
        }
        System.out.println("  all tables: " + describe(total));
        long old = total.entrySet().stream().filter(e -> e.getKey() > 0 && e.getKey() != current).mapToLong(Map.Entry::getValue).sum();
        System.out.println("values under older key versions: " + old);
        if (total.getOrDefault(KeyCensus.UNREADABLE, 0L) > 0) {
            System.err.println("splitdb rotate-keys: " + total.get(KeyCensus.UNREADABLE)
                    + " values have no readable key version (a missing or altered share): run splitdb verify");
            return -1;
        }
        return old;
    }

    private static String describe(Map<Integer, Long> counts) {
        if (counts.isEmpty()) {
            return "no values";
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((v, n) -> {
            sb.append(sb.length() == 0 ? "" : ", ");
            sb.append(v == KeyCensus.ERASED ? "erased" : v == KeyCensus.UNREADABLE ? "unreadable" : "v" + v).append(' ').append(n);
        });
        return sb.toString();
    }
}
