package io.splitdb.cli;

import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.MasterKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Makes a master key: in a new PKCS#12 keystore, or as base64 in a new owner-only file for
 * {@code keys: master-key-env}. Never on the terminal: key material does not belong in scrollback,
 * shell history or CI logs.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create a master key. It is never printed.",
                "Either in a new PKCS#12 keystore (keys: { keystore: FILE, password: ... }),",
                "or as base64 in a new file readable only by you, for an environment variable",
                "(keys: { master-key-env: NAME }; export NAME=\"$(cat FILE)\").",
                "Exit codes: 0 created, 1 the file exists (a key is never overwritten) or cannot be written, 2 usage (no password)."})
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--keystore", paramLabel = "FILE", description = "the keystore file to create; it must not exist")
    Path keystore;

    @Option(names = "--password-env", paramLabel = "NAME", defaultValue = "SPLITDB_KEY_PASSWORD",
            description = "environment variable holding the keystore password (default: ${DEFAULT-VALUE})")
    String passwordEnv;

    @Option(names = "--base64-file", paramLabel = "FILE", description = "write the key as base64 to this new file (mode 600) instead of a keystore")
    Path base64File;

    @Override
    public Integer call() throws Exception {
        MasterKey key = MasterKey.generate();
        if (base64File != null) {
            return writeBase64(key);
        }
        if (keystore == null) {
            System.err.println("splitdb keygen: give --keystore FILE, or --base64-file FILE");
            return 2;
        }
        if (Files.exists(keystore)) {
            System.err.println("splitdb keygen: " + keystore + " already exists; refusing to overwrite a key");
            return 1;
        }
        String password = System.getenv(passwordEnv);
        if (password == null || password.isEmpty()) {
            System.err.println("splitdb keygen: set the keystore password in environment variable " + passwordEnv);
            return 2;
        }
        KeystoreFile.create(keystore, password.toCharArray(), key);
        System.out.println("created " + keystore.toAbsolutePath() + " (master key version 1); back it up: without it the data cannot be read");
        return 0;
    }

    private int writeBase64(MasterKey key) throws java.io.IOException {
        if (Files.exists(base64File)) {
            System.err.println("splitdb keygen: " + base64File + " already exists; refusing to overwrite a key");
            return 1;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        try {
            Files.createFile(base64File, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(ownerOnly));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(base64File);
        }
        Files.writeString(base64File, key.revealBase64() + "\n");
        System.out.println("wrote a new master key to " + base64File.toAbsolutePath() + " (readable only by you); "
                + "export SPLITDB_MASTER_KEY=\"$(cat " + base64File + ")\" and name it in keys: { master-key-env: SPLITDB_MASTER_KEY }; "
                + "back it up: without it the data cannot be read");
        return 0;
    }
}
