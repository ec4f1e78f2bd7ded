package io.splitdb.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keystore file {@code splitdb keygen} writes: PKCS#12, one {@code SecretKeyEntry} per master
 * key version under the alias {@code splitdb-master-v<N>} (AES, 256 bit), each protected by the
 * store password. PKCS#12 because every JDK and {@code keytool} reads it, so an operator can
 * inspect and back it up with standard tools.
 *
 * <p>Files are written owner-only (600) where the file system is POSIX, and never overwritten by
 * {@link #create}; {@link #addVersion} replaces the file atomically so a crash leaves the old or
 * the new keyring, never half of one. Concurrent {@code addVersion} calls on one file are not
 * coordinated: rotate from one place.
 */
public final class KeystoreFile {
    /** Alias prefix; the version number follows. */
    public static final String ALIAS_PREFIX = "splitdb-master-v";

    private static final String TYPE = "PKCS12";
    private static final Pattern ALIAS = Pattern.compile(Pattern.quote(ALIAS_PREFIX) + "([1-9][0-9]{0,8})", Pattern.CASE_INSENSITIVE);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeystoreFile() {
    }

    /**
     * Reads every {@code splitdb-master-v<N>} entry; the highest version becomes current.
     *
     * @throws IOException if the file cannot be read or the password is wrong (the JDK reports a
     *     wrong store password as an {@code IOException})
     * @throws GeneralSecurityException if an entry is not a 256-bit key, or the store holds none
     */
    public static Keyring load(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = read(file, password);
        Map<Integer, MasterKey> keys = new HashMap<>();
        for (Map.Entry<Integer, String> e : versions(store).entrySet()) {
            keys.put(e.getKey(), keyAt(store, e.getValue(), password, file));
        }
        if (keys.isEmpty()) {
            throw new KeyStoreException("no " + ALIAS_PREFIX + "<N> entry in keystore " + file);
        }
        int current = keys.keySet().stream().max(Integer::compare).orElseThrow();
        return new Keyring(keys, current);
    }

    /**
     * Writes a new keystore holding {@code key} as version 1.
     *
     * @throws FileAlreadyExistsException if {@code file} exists: a key file is never overwritten,
     *     since losing the old key loses every value sealed under it
     */
    public static void create(Path file, char[] password, MasterKey key) throws IOException, GeneralSecurityException {
        checkPassword(password);
        KeyStore store = KeyStore.getInstance(TYPE);
        try {
            store.load(null, password);
        } catch (IOException e) {
            throw new KeyStoreException("cannot initialise an empty PKCS#12 keystore", e);
        }
        put(store, 1, key, password);
        byte[] encoded = encode(store, password);
        Files.createFile(file, ownerOnly(file));
        boolean written = false;
        try {
            Files.write(file, encoded, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            written = true;
        } finally {
            if (!written) {
                Files.deleteIfExists(file);
            }
        }
    }

    /**
     * Adds {@code key} as the next version (highest + 1), which {@link #load} then makes current.
     * Used for key rotation: old versions stay so old values still open.
     */
    public static void addVersion(Path file, char[] password, MasterKey key) throws IOException, GeneralSecurityException {
        checkPassword(password);
        KeyStore store = read(file, password);
        Map<Integer, String> existing = versions(store);
        if (existing.isEmpty()) {
            throw new KeyStoreException("no " + ALIAS_PREFIX + "<N> entry in keystore " + file + "; create it with keygen first");
        }
        for (Map.Entry<Integer, String> e : existing.entrySet()) {
            MasterKey old = keyAt(store, e.getValue(), password, file);
            if (old.sameKeyAs(key)) {
                throw new KeyStoreException("that master key is already version " + e.getKey() + " of " + file);
            }
        }
        int next = Math.addExact(existing.keySet().stream().max(Integer::compare).orElseThrow(), 1);
        put(store, next, key, password);
        byte[] encoded = encode(store, password);
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".splitdb-keystore-", ".tmp", ownerOnly(file));
        try {
            Files.write(tmp, encoded, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static KeyStore read(Path file, char[] password) throws IOException, GeneralSecurityException {
        checkPassword(password);
        byte[] encoded = Files.readAllBytes(file);
        KeyStore store = KeyStore.getInstance(TYPE);
        // a wrong password surfaces here as IOException("keystore password was incorrect"); its
        // message and cause carry no key material, so it is passed on as is
        store.load(new ByteArrayInputStream(encoded), password);
        return store;
    }

    private static Map<Integer, String> versions(KeyStore store) throws KeyStoreException {
        Map<Integer, String> versions = new TreeMap<>();
        for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements(); ) {
            String alias = aliases.nextElement();
            Matcher m = ALIAS.matcher(alias);
            if (m.matches()) {
                versions.put(Integer.parseInt(m.group(1)), alias);
            }
        }
        return versions;
    }

    private static MasterKey keyAt(KeyStore store, String alias, char[] password, Path file) throws GeneralSecurityException {
        Key key = store.getKey(alias, password);
        byte[] encoded = key == null ? null : key.getEncoded();
        if (encoded == null || encoded.length != MasterKey.SIZE) {
            throw new KeyStoreException("entry " + alias + " of " + file + " is not a 256-bit secret key");
        }
        try {
            return MasterKey.fromBytes(encoded);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    private static void put(KeyStore store, int version, MasterKey key, char[] password) throws KeyStoreException {
        byte[] raw = key.bytes();
        try {
            store.setEntry(ALIAS_PREFIX + version, new KeyStore.SecretKeyEntry(new SecretKeySpec(raw, "AES")),
                    new KeyStore.PasswordProtection(password));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static byte[] encode(KeyStore store, char[] password) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    private static FileAttribute<?>[] ownerOnly(Path file) {
        Path probe = file.toAbsolutePath().getParent();
        boolean posix = probe != null && probe.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("the keystore needs a non-empty password");
        }
    }
}
