package io.splitdb.cli;

import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.MasterKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Makes a master key: in a new PKCS#12 keystore, or printed as base64 for {@code keys: master-key-env}. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = {"Create a master key.",
                "Either in a new PKCS#12 keystore (keys: { keystore: FILE, password: ... }),",
                "or printed as base64 for an environment variable (keys: { master-key-env: NAME })."})
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--keystore", paramLabel = "FILE", description = "the keystore file to create; it must not exist")
    Path keystore;

    @Option(names = "--password-env", paramLabel = "NAME", defaultValue = "SPLITDB_KEY_PASSWORD",
            description = "environment variable holding the keystore password (default: ${DEFAULT-VALUE})")
    String passwordEnv;

    @Option(names = "--print", description = "print a base64 key instead of writing a keystore")
    boolean print;

    @Override
    public Integer call() throws Exception {
        MasterKey key = MasterKey.generate();
        if (print) {
            System.out.println(key.revealBase64());
            return 0;
        }
        if (keystore == null) {
            System.err.println("splitdb keygen: give --keystore FILE, or --print");
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
}
