package io.splitdb.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeystoreFileTest {
    private static final char[] PASSWORD = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    @Test
    void createThenLoadRoundTrips() throws Exception {
        Path file = dir.resolve("hospital.p12");
        MasterKey key = MasterKey.generate();
        KeystoreFile.create(file, PASSWORD, key);
        Keyring ring = KeystoreFile.load(file, PASSWORD);
        assertThat(ring.versions()).containsExactly(1);
        assertThat(ring.currentVersion()).isEqualTo(1);
        assertThat(ring.master(1).bytes()).isEqualTo(key.bytes());
    }

    @Test
    void isAStandardPkcs12WithTheDocumentedAlias() throws Exception {
        Path file = dir.resolve("k.p12");
        MasterKey key = MasterKey.generate();
        KeystoreFile.create(file, PASSWORD, key);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, PASSWORD);
        }
        assertThat(store.isKeyEntry("splitdb-master-v1")).isTrue();
        var k = store.getKey("splitdb-master-v1", PASSWORD);
        assertThat(k.getAlgorithm()).isEqualTo("AES");
        assertThat(k.getEncoded()).isEqualTo(key.bytes());
    }

    @Test
    void fileIsOwnerOnlyWherePosix() throws Exception {
        Path file = dir.resolve("k.p12");
        KeystoreFile.create(file, PASSWORD, MasterKey.generate());
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }

    @Test
    void refusesToOverwrite() throws Exception {
        Path file = dir.resolve("k.p12");
        MasterKey first = MasterKey.generate();
        KeystoreFile.create(file, PASSWORD, first);
        assertThatThrownBy(() -> KeystoreFile.create(file, PASSWORD, MasterKey.generate()))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(KeystoreFile.load(file, PASSWORD).master(1).bytes()).isEqualTo(first.bytes());
    }

    @Test
    void wrongPasswordFailsWithoutKeyMaterial() throws Exception {
        Path file = dir.resolve("k.p12");
        MasterKey key = MasterKey.generate();
        KeystoreFile.create(file, PASSWORD, key);
        Throwable thrown = null;
        try {
            KeystoreFile.load(file, "wrong".toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            thrown = e;
        }
        assertThat(thrown).isNotNull();
        String b64 = key.revealBase64();
        String hex = Hex.hex(key.bytes());
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(b64).doesNotContain(hex.substring(0, 12));
        }
    }

    @Test
    void addVersionRotates() throws Exception {
        Path file = dir.resolve("k.p12");
        MasterKey v1 = MasterKey.generate();
        MasterKey v2 = MasterKey.generate();
        KeystoreFile.create(file, PASSWORD, v1);
        KeystoreFile.addVersion(file, PASSWORD, v2);
        Keyring ring = KeystoreFile.load(file, PASSWORD);
        assertThat(ring.versions()).containsExactly(1, 2);
        assertThat(ring.currentVersion()).isEqualTo(2);
        assertThat(ring.master(1).bytes()).isEqualTo(v1.bytes());
        assertThat(ring.master(2).bytes()).isEqualTo(v2.bytes());
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
        assertThatThrownBy(() -> KeystoreFile.addVersion(file, PASSWORD, v1)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageNotContaining(v1.revealBase64());
    }

    @Test
    void missingFileAndEmptyPassword() {
        assertThatThrownBy(() -> KeystoreFile.load(dir.resolve("none.p12"), PASSWORD)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> KeystoreFile.create(dir.resolve("x.p12"), new char[0], MasterKey.generate()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keystoreWithoutSplitdbEntriesIsRefused() throws Exception {
        Path file = dir.resolve("other.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, PASSWORD);
        store.setEntry("something-else", new KeyStore.SecretKeyEntry(
                new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(MasterKey.generate().revealBase64()), "AES")),
                new KeyStore.PasswordProtection(PASSWORD));
        try (var out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        assertThatThrownBy(() -> KeystoreFile.load(file, PASSWORD)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("splitdb-master-v");
    }
}
