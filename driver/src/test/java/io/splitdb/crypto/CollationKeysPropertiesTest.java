package io.splitdb.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

class CollationKeysPropertiesTest {

    @Property
    void padSpaceCollationsIgnoreTrailingSpaces(@ForAll @StringLength(max = 20) String s, @ForAll @IntRange(min = 1, max = 5) int spaces) {
        String padded = s + " ".repeat(spaces);
        for (String collation : new String[] {"utf8mb4_unicode_ci", "utf8mb4_uca1400_ai_ci", "utf8mb4_general_ci", "utf8mb4_bin",
                "latin1_swedish_ci"}) {
            assertThat(CollationKeys.equalityKey(padded, collation)).as(collation).isEqualTo(CollationKeys.equalityKey(s, collation));
        }
    }

    @Property
    void noPadCollationsCountTrailingSpaces(@ForAll @StringLength(max = 20) String s) {
        for (String collation : new String[] {"utf8mb4_0900_ai_ci", "utf8mb4_0900_bin", "binary", "utf8mb4_nopad_bin"}) {
            assertThat(CollationKeys.equalityKey(s + " ", collation)).as(collation).isNotEqualTo(CollationKeys.equalityKey(s, collation));
        }
    }

    @Property
    void binIsCodePointEquality(@ForAll @StringLength(max = 20) String a, @ForAll @StringLength(max = 20) String b) {
        Assume.that(!a.endsWith(" ") && !b.endsWith(" "));
        assertThat(CollationKeys.equal(a, b, "utf8mb4_nopad_bin")).isEqualTo(a.equals(b) || sameUtf8(a, b));
    }

    @Property
    void keysAreDeterministic(@ForAll @StringLength(max = 30) String s) {
        assertThat(CollationKeys.equalityKey(s, "utf8mb4_0900_ai_ci")).isEqualTo(CollationKeys.equalityKey(new String(s), "utf8mb4_0900_ai_ci"));
    }

    /** Unpaired surrogates all encode as '?' in UTF-8, so two different Java strings can share bytes. */
    private static boolean sameUtf8(String a, String b) {
        return java.util.Arrays.equals(a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
