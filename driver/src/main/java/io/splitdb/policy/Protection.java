package io.splitdb.policy;

import java.util.Locale;

/** How a column's values are stored on the three backends. */
public enum Protection {
    /** The value in clear, replicated to all three backends. */
    PLAIN,
    /** AEAD ciphertext split 2-of-3: any two backends reconstruct, one learns nothing. */
    SHARED,
    /** AEAD ciphertext on one backend only: for large values; lost with that backend. */
    ENCRYPTED;

    public boolean isProtected() {
        return this != PLAIN;
    }

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
