package io.splitdb.policy;

import java.nio.file.Path;

/**
 * Where the master keys come from: a PKCS#12 keystore made by {@code splitdb keygen}, or a
 * base64 key in an environment variable (for containers and tests).
 */
public record KeysConfig(Path keystore, char[] password, String masterKeyEnv) {

    @Override
    public String toString() {
        return keystore != null
                ? "KeysConfig[keystore=" + keystore + ", password=<masked>]"
                : "KeysConfig[master-key-env=" + masterKeyEnv + "]";
    }
}
