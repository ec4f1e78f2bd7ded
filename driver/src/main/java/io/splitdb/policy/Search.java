package io.splitdb.policy;

import java.util.Locale;

/** Which searches a protected column supports without decrypting every row. */
public enum Search {
    /** No index: predicates on the column run in the driver over decrypted rows. */
    NONE,
    /** A truncated blind index (HMAC of the collation equality key) answers {@code =} and {@code IN}. */
    EQUALITY;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
