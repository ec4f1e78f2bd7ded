package io.splitdb.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Equality tables per collation family: {@code a = b} under the collation as MySQL/MariaDB
 * evaluates it. Rows use Java escapes for invisible characters (U+00A0 is a no-break space).
 */
class CollationKeysTest {

    private static void check(String collation, String a, String b, boolean equal) {
        String shown = String.format("'%s' = '%s' under %s", a, b, collation);
        if (equal) {
            assertThat(CollationKeys.equalityKey(a, collation)).as(shown).isEqualTo(CollationKeys.equalityKey(b, collation));
        } else {
            assertThat(CollationKeys.equalityKey(a, collation)).as("not " + shown).isNotEqualTo(CollationKeys.equalityKey(b, collation));
        }
        assertThat(CollationKeys.equal(a, b, collation)).as(shown).isEqualTo(equal);
    }

    /** The UCA ci collations agree on case, accents and expansions; they differ on padding and emoji. */
    @ParameterizedTest(name = "{0}: ''{1}'' = ''{2}'' is {3}")
    @CsvSource(delimiter = '|', value = {
        // collation              | a          | b          | equal
        "utf8mb4_unicode_ci       | chloe      | Chloé      | true",
        "utf8mb4_unicode_ci       | chloe      | 'CHLOE '   | true",
        "utf8mb4_unicode_ci       | Chloé      | 'CHLOE '   | true",
        "utf8mb4_unicode_ci       | ss         | ß          | true",
        "utf8mb4_unicode_ci       | s          | ß          | false",
        "utf8mb4_unicode_ci       | Müller     | MULLER     | true",
        "utf8mb4_unicode_ci       | résumé     | RESUME     | true",
        "utf8mb4_unicode_ci       | ñ          | n          | true",
        "utf8mb4_unicode_ci       | 'a b'      | ab         | false",
        "utf8mb4_unicode_ci       | ' a'       | a          | false",
        "utf8mb4_unicode_ci       | 'a\t'      | a          | false",
        "utf8mb4_unicode_ci       | a          | b          | false",
        "utf8mb4_unicode_ci       | 🍣         | 🍺         | true",
        "UTF8MB4_UNICODE_CI       | chloe      | CHLOÉ      | true",
        "utf8mb4_unicode_520_ci   | chloe      | 'Chloé  '  | true",
        "utf8mb4_unicode_520_ci   | ss         | ß          | true",
        "utf8mb4_unicode_520_ci   | 🍣         | 🍺         | false",
        "utf8mb4_uca1400_ai_ci    | chloe      | 'CHLOÉ '   | true",
        "utf8mb4_uca1400_ai_ci    | ss         | ß          | true",
        "utf8mb4_uca1400_ai_ci    | 🍣         | 🍺         | false",
        "utf8mb4_uca1400_nopad_ai_ci | chloe   | 'chloe '   | false",
        "utf8mb4_0900_ai_ci       | chloe      | Chloé      | true",
        "utf8mb4_0900_ai_ci       | chloe      | 'chloe '   | false",
        "utf8mb4_0900_ai_ci       | ss         | ß          | true",
        "utf8mb4_0900_ai_ci       | 🍣         | 🍺         | false",
        "utf8mb4_0900_ai_ci       | は         | ぱ         | true",
        "utf8mb3_unicode_ci       | chloe      | 'Chloé '   | true",
    })
    void ucaCaseAndAccentInsensitive(String collation, String a, String b, boolean equal) {
        check(collation, a, b, equal);
    }

    @Test
    void padSpaceTreatsSpaceLikeCharactersAsPadding() {
        // at primary strength U+00A0 weighs like a space, so a PAD SPACE UCA collation ignores it at the end too
        check("utf8mb4_unicode_ci", "a", "a\u00A0", true);
        check("utf8mb4_unicode_ci", "a\u00A0b", "a b", true);
        check("utf8mb4_0900_ai_ci", "a", "a\u00A0", false);
        check("utf8mb4_general_ci", "a", "a\u00A0", false);
        check("utf8mb4_bin", "a", "a\u00A0", false);
    }

    @ParameterizedTest(name = "{0}: ''{1}'' = ''{2}'' is {3}")
    @CsvSource(delimiter = '|', value = {
        "utf8mb4_general_ci       | chloe      | 'Chloé '   | true",
        "utf8mb4_general_ci       | ß          | s          | true",
        "utf8mb4_general_ci       | ß          | ss         | false",
        "utf8mb4_general_ci       | æ          | ae         | false",
        "utf8mb4_general_ci       | Æ          | æ          | true",
        "utf8mb4_general_ci       | ø          | o          | false",
        "utf8mb4_general_ci       | ÿ          | Y          | true",
        "utf8mb4_general_ci       | ı          | I          | true",
        "utf8mb4_general_ci       | й          | и          | false",
        "utf8mb4_general_ci       | ё          | Е          | true",
        "utf8mb4_general_ci       | ά          | Α          | true",
        "utf8mb4_general_ci       | が         | か         | false",
        "utf8mb4_general_ci       | 🍣         | 🍺         | true",
        "utf8mb4_general_ci       | 'e\u0301'  | é          | false",
        "utf8mb4_general_ci       | ｅ         | Ｅ         | true",
        "utf8mb3_general_ci       | chloe      | CHLOÉ      | true",
        "utf8mb4_general_mysql500_ci | ß       | s          | false",
        "utf8mb4_general_nopad_ci | a          | 'a '       | false",
    })
    void generalCi(String collation, String a, String b, boolean equal) {
        check(collation, a, b, equal);
    }

    @ParameterizedTest(name = "{0}: ''{1}'' = ''{2}'' is {3}")
    @CsvSource(delimiter = '|', value = {
        "utf8mb4_bin              | chloe      | Chloé      | false",
        "utf8mb4_bin              | chloe      | Chloe      | false",
        "utf8mb4_bin              | chloe      | 'chloe  '  | true",
        "utf8mb4_bin              | ss         | ß          | false",
        "utf8mb4_bin              | 'e\u0301'  | é          | false",
        "utf8mb4_bin              | 🍣         | 🍺         | false",
        "utf8mb4_nopad_bin        | chloe      | 'chloe '   | false",
        "utf8mb4_0900_bin         | chloe      | 'chloe '   | false",
        "utf8mb4_0900_bin         | chloe      | chloe      | true",
        "binary                   | chloe      | 'chloe '   | false",
        "binary                   | chloe      | CHLOE      | false",
        "latin1_bin               | a          | 'a '       | true",
        "latin1_bin               | a          | A          | false",
    })
    void binary(String collation, String a, String b, boolean equal) {
        check(collation, a, b, equal);
    }

    @ParameterizedTest(name = "{0}: ''{1}'' = ''{2}'' is {3}")
    @CsvSource(delimiter = '|', value = {
        "latin1_swedish_ci        | chloe      | 'CHLOÉ '   | true",
        "latin1_swedish_ci        | y          | Ü          | true",
        "latin1_swedish_ci        | a          | ä          | false",
        "latin1_swedish_ci        | ä          | Æ          | true",
        "latin1_swedish_ci        | ä          | \\         | true",
        "latin1_swedish_ci        | Å          | [          | true",
        "latin1_swedish_ci        | ö          | ]          | true",
        "latin1_swedish_ci        | ö          | ø          | false",
        "latin1_swedish_ci        | Š          | š          | false",
        "latin1_swedish_ci        | ß          | ss         | false",
        "latin1_swedish_ci        | ÿ          | y          | false",
        "latin1_swedish_ci        | Żółw       | ?Ó?W       | true",
        "latin1_swedish_ci        | 'a '       | a          | true",
    })
    void latin1Swedish(String collation, String a, String b, boolean equal) {
        check(collation, a, b, equal);
    }

    @ParameterizedTest(name = "{0}: ''{1}'' = ''{2}'' is {3}")
    @CsvSource(delimiter = '|', value = {
        "utf8mb4_0900_as_cs       | a          | A          | false",
        "utf8mb4_0900_as_cs       | e          | é          | false",
        "utf8mb4_0900_as_cs       | chloé      | chloé      | true",
        "utf8mb4_0900_as_ci       | chloé      | CHLOÉ      | true",
        "utf8mb4_0900_as_ci       | chloe      | chloé      | false",
        "utf8mb4_uca1400_ai_cs    | chloe      | chloé      | true",
        "utf8mb4_uca1400_ai_cs    | chloe      | Chloe      | false",
        "utf8mb4_uca1400_as_cs    | chloe      | 'chloe '   | true",
        "latin1_general_cs        | a          | A          | false",
        "latin1_general_ci        | a          | A          | true",
        "latin1_general_ci        | a          | á          | false",
    })
    void caseAndAccentSensitive(String collation, String a, String b, boolean equal) {
        check(collation, a, b, equal);
    }

    @ParameterizedTest(name = "{0}: ''{1}'' = ''{2}'' is {3}")
    @CsvSource(delimiter = '|', value = {
        "utf8mb4_swedish_ci       | a          | ä          | false",
        "utf8mb4_swedish_ci       | e          | É          | true",
        "utf8mb4_uca1400_swedish_ai_ci | a     | Ä          | false",
        "utf8mb4_sv_0900_ai_ci    | a          | ä          | false",
        "utf8mb4_german2_ci       | ä          | ae         | true",
        "utf8mb4_de_pb_0900_ai_ci | Ä          | ae         | true",
        "utf8mb4_0900_ai_ci       | ä          | ae         | false",
        "latin1_german1_ci        | ß          | s          | true",
        "latin1_german1_ci        | Ä          | a          | true",
        "latin1_german2_ci        | Ä          | ae         | true",
        "utf8mb4_spanish_ci       | ñ          | n          | false",
        "utf8mb4_es_0900_ai_ci    | ñ          | Ñ          | true",
        "utf8mb4_turkish_ci       | i          | I          | false",
        "utf8mb4_turkish_ci       | ı          | I          | true",
        "utf8mb4_danish_ci        | aa         | å          | true",
    })
    void languageTailorings(String collation, String a, String b, boolean equal) {
        check(collation, a, b, equal);
    }

    @Test
    void nullAndUnknownCollationsMeanUnicodeCi() {
        for (String value : new String[] {"Chloé ", "ß", "🍣", "a\u00A0"}) {
            byte[] unicodeCi = CollationKeys.equalityKey(value, "utf8mb4_unicode_ci");
            assertThat(CollationKeys.equalityKey(value, null)).isEqualTo(unicodeCi);
            assertThat(CollationKeys.equalityKey(value, "utf8mb4_klingon_ci")).isEqualTo(unicodeCi);
            assertThat(CollationKeys.equalityKey(value, "made_up")).isEqualTo(unicodeCi);
            assertThat(CollationKeys.equalityKey(value, "nonsense")).isEqualTo(unicodeCi);
        }
    }

    @Test
    void repertoireOfNarrowCharsets() {
        check("utf8mb3_general_ci", "🍣", "?", true);
        check("utf8mb4_general_ci", "🍣", "?", false);
        check("ascii_general_ci", "é", "?", true);
        check("ascii_bin", "é", "?", true);
        check("latin1_bin", "€", "?", false);
        check("latin1_bin", "\u0081", "?", false);
        check("latin1_bin", "\u0080", "?", true);
    }

    @Test
    void nullValueHasNoKey() {
        assertThatThrownBy(() -> CollationKeys.equalityKey(null, "utf8mb4_bin")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emptyAndAllSpacesAreEqualUnderPadSpace() {
        check("utf8mb4_unicode_ci", "", "   ", true);
        check("utf8mb4_bin", "", " ", true);
        check("latin1_swedish_ci", "", " ", true);
        check("utf8mb4_0900_ai_ci", "", " ", false);
    }
}
