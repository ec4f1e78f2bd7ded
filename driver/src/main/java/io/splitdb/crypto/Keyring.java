package io.splitdb.crypto;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The master keys by version. {@link #current()} seals new writes; older versions stay so that
 * values sealed before a rotation still open (each sealed value names its key version in its
 * header). Immutable; {@link #toString()} lists versions only.
 */
public final class Keyring {
    private final Map<Integer, MasterKey> byVersion;
    private final int currentVersion;

    /**
     * @param byVersion master keys by version (versions are positive)
     * @param currentVersion the version new values are sealed under; must be in {@code byVersion}
     */
    public Keyring(Map<Integer, MasterKey> byVersion, int currentVersion) {
        if (byVersion == null || byVersion.isEmpty()) {
            throw new IllegalArgumentException("a keyring needs at least one master key");
        }
        TreeMap<Integer, MasterKey> copy = new TreeMap<>();
        for (Map.Entry<Integer, MasterKey> e : byVersion.entrySet()) {
            if (e.getKey() == null || e.getKey() < 1) {
                throw new IllegalArgumentException("key versions start at 1, got " + e.getKey());
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("master key version " + e.getKey() + " is missing");
            }
            copy.put(e.getKey(), e.getValue());
        }
        if (!copy.containsKey(currentVersion)) {
            throw new IllegalArgumentException("current key version " + currentVersion + " is not in the keyring " + copy.keySet());
        }
        this.byVersion = Collections.unmodifiableMap(copy);
        this.currentVersion = currentVersion;
    }

    /** A keyring of one key, version 1. */
    public static Keyring single(MasterKey key) {
        return new Keyring(Map.of(1, key), 1);
    }

    public int currentVersion() {
        return currentVersion;
    }

    /** The key new values are sealed under. */
    public MasterKey current() {
        return byVersion.get(currentVersion);
    }

    /**
     * The master key of a version.
     *
     * @throws IllegalArgumentException "unknown key version N" if the keyring does not hold it
     */
    public MasterKey master(int version) {
        MasterKey key = byVersion.get(version);
        if (key == null) {
            throw new IllegalArgumentException("unknown key version " + version);
        }
        return key;
    }

    /** The versions held, ascending. */
    public Set<Integer> versions() {
        return byVersion.keySet();
    }

    @Override
    public String toString() {
        return "Keyring[versions=" + byVersion.keySet() + ", current=" + currentVersion + "]";
    }
}
