package io.splitdb.crypto;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Collator;
import com.ibm.icu.text.RuleBasedCollator;
import com.ibm.icu.util.ULocale;
import com.ibm.icu.util.VersionInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Equality keys for MySQL/MariaDB collations: two strings are equal under a collation (SQL
 * {@code =}) iff their keys are byte-equal. A blind index hashes this key, so a search for
 * {@code 'Chloe'} finds the row stored as {@code 'chloé '} exactly when MySQL's {@code =} would;
 * and the driver's residual filter compares keys, so it agrees with the blind index.
 *
 * <p>Every key is computed in three steps.
 *
 * <ol>
 *   <li><b>Repertoire.</b> Characters the column's character set cannot hold become {@code '?'},
 *       as MySQL stores them: {@code latin1} is MySQL's cp1252 variant, {@code ascii} is 7-bit,
 *       {@code utf8mb3}/{@code utf8}/{@code ucs2} hold only the BMP. {@code utf8mb4},
 *       {@code utf16}, {@code utf32}, {@code binary} and charsets not listed are left alone.
 *   <li><b>Pad attribute.</b> PAD SPACE collations compare as if the shorter string were padded
 *       with spaces, so trailing spaces do not count: they are stripped. For UCA collations this
 *       strips every trailing character that weighs the same as a space at the collation's
 *       strength (at primary strength U+00A0 and U+3000 do, as in MySQL) or weighs nothing. NO PAD
 *       collations ({@code *_0900_*}, {@code *_nopad_*}, {@code binary}) keep them.
 *   <li><b>Weights</b>, by family:
 *       <ul>
 *         <li>{@code binary}, {@code *_bin} (including {@code utf8mb4_0900_bin}): the UTF-8
 *             bytes. For UTF-8 that is code point equality, which is what {@code _bin} compares.
 *         <li>UCA collations ({@code *_unicode_ci}, {@code *_unicode_520_ci}, {@code *_0900_ai_ci},
 *             {@code *_uca1400_ai_ci}, and their language variants such as
 *             {@code utf8mb4_swedish_ci}, {@code utf8mb4_de_pb_0900_ai_ci},
 *             {@code utf8mb4_uca1400_spanish2_ai_ci}): an ICU4J collation key. Strength follows
 *             the suffix: {@code _ci}/{@code _ai_ci} primary (case- and accent-insensitive),
 *             {@code _as_ci} secondary, {@code _cs}/{@code _as_cs} tertiary, {@code _ai_cs}
 *             primary plus ICU's case level, {@code _ks} quaternary. The language maps to the ICU
 *             locale with the same tailoring ({@code german2}/{@code de_pb} is ICU's phonebook
 *             German, {@code spanish2}/{@code es_trad} traditional Spanish), so for instance
 *             {@code 'a' <> 'ä'} under {@code utf8mb4_swedish_ci} while {@code 'a' = 'ä'} under
 *             {@code utf8mb4_unicode_ci}.
 *         <li>{@code utf8mb4_unicode_ci} itself (also {@code utf8mb3_}/{@code utf8_}): the server's own
 *             UCA 4.0.0 primary weights for every BMP character, read with {@code WEIGHT_STRING()}
 *             ({@code tools/uca-weights.sh}) and shipped as a resource, because ICU's current UCA
 *             differs there for some letters ({@code 'æ' <> 'ae'}, {@code 'ł'} after {@code 'l'}).
 *         <li>{@code *_general_ci}: one weight per character, computed from Unicode data the way
 *             MySQL built its table (see below).
 *         <li>{@code latin1_swedish_ci} (MariaDB's default when started without options): MySQL's
 *             single-byte weights reproduced exactly, including its Swedish heritage: {@code 'é' =
 *             'e'} and {@code 'ü' = 'y'}, but {@code 'å'}, {@code 'ä'} (= {@code 'æ'}) and
 *             {@code 'ö'} are letters of their own, equal to {@code '['}, {@code '\'} and
 *             {@code ']'} (7-bit Swedish ASCII), and {@code 'Š' <> 'š'}.
 *       </ul>
 * </ol>
 *
 * <p><b>Null and unknown collations.</b> A {@code null} collation means {@code
 * utf8mb4_unicode_ci}. A name this class cannot classify (no {@code _ci}/{@code _cs}/{@code
 * _bin} suffix, e.g. a user-defined collation) is also treated as {@code utf8mb4_unicode_ci}: the
 * common case- and accent-insensitive behaviour, which at worst lets the blind index return a few
 * more candidate rows than MySQL would match.
 *
 * <p><b>Where this approximates MySQL</b> (each a rare character class, none in the common
 * Latin, Greek and Cyrillic letters, digits and punctuation):
 *
 * <ul>
 *   <li>UCA collations other than {@code utf8mb4_unicode_ci} use ICU's current root collation
 *       (CLDR, UCA 17) for every UCA version.
 *       MySQL's {@code unicode_ci} is UCA 4.0.0, {@code unicode_520_ci} 5.2.0, {@code 0900} 9.0.0
 *       and MariaDB's {@code uca1400} 14.0.0; they differ from ICU on characters added or
 *       re-weighted since (new scripts, some symbols). One well-known difference is reproduced:
 *       UCA 4.0.0 collations ({@code unicode_ci} and its language variants) weigh every
 *       supplementary character (emoji, rare CJK) as U+FFFD, so {@code '🍣' = '🍺'} there, as
 *       here. CLDR root also differs slightly from the plain DUCET MySQL loads, in a few
 *       symbols and scripts. {@code utf8mb4_la_0900_ai_ci} and {@code roman} have no ICU
 *       tailoring and use the root order.
 *   <li>{@code _general_ci}: MySQL's table gives each BMP character of the Latin, Greek,
 *       Cyrillic, Armenian, Latin Extended Additional, Greek Extended, Letterlike, Enclosed and
 *       Halfwidth/Fullwidth pages one weight: the upper case of its base letter ({@code 'é' =
 *       'E'}, {@code 'ß' = 's'}, {@code 'ÿ' = 'Y'}), while letters with no canonical
 *       decomposition keep their own ({@code 'æ' <> 'ae'}, {@code 'ø' <> 'o'}, {@code 'ł' <>
 *       'l'}), characters on other pages weigh themselves (so {@code 'が' <> 'か'}) and every
 *       supplementary character weighs U+FFFD. This class derives those weights from Unicode's
 *       decompositions and case mappings limited to Unicode 3.0 characters (plus MySQL's
 *       {@code 'Й'} exception) instead of copying MySQL's table; for a handful of characters the
 *       two may disagree. ICU's primary strength would be a much worse model of general_ci
 *       ({@code 'ß' = 'ss'}, {@code 'æ' = 'ae'}, {@code 'ø' = 'o'} all hold there, not in
 *       general_ci), which is why general_ci does not use it.
 *   <li>Other single-byte collations ({@code latin1_general_ci}, {@code latin1_german1_ci},
 *       {@code latin1_danish_ci}, {@code latin1_spanish_ci}, {@code latin2_*}, {@code cp1250_*},
 *       ...) use the ICU model of their language ({@code latin1_general_ci} accent-sensitive,
 *       {@code latin1_german1_ci} with {@code 'ß' = 's'}), or general_ci's for {@code
 *       <charset>_general_ci}; the repertoire step applies only to latin1 and ascii.
 *   <li>Combining sequences: MySQL does not normalise, ICU handles canonically equivalent
 *       sequences alike; at primary strength the two agree.
 * </ul>
 *
 * <p>Thread-safe; rules are built once per collation name.
 */
public final class CollationKeys {
    /** What a {@code null} or unrecognised collation means. */
    public static final String DEFAULT_COLLATION = "utf8mb4_unicode_ci";

    private static final Map<String, Rule> RULES = new ConcurrentHashMap<>();
    private static final Rule DEFAULT_RULE = parse(DEFAULT_COLLATION);

    private CollationKeys() {
    }

    /**
     * The equality key of {@code value} under {@code collation} (a MySQL/MariaDB collation name,
     * case-insensitive; {@code null} means {@value #DEFAULT_COLLATION}).
     *
     * @throws IllegalArgumentException if {@code value} is null: SQL NULL equals nothing and has
     *     no key
     */
    public static byte[] equalityKey(String value, String collation) {
        if (value == null) {
            throw new IllegalArgumentException("NULL has no collation key");
        }
        return rule(collation).key(value);
    }

    /** True if MySQL's {@code =} holds between two non-null strings under {@code collation}. */
    public static boolean equal(String a, String b, String collation) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("NULL has no collation key");
        }
        Rule rule = rule(collation);
        return MessageDigest.isEqual(rule.key(a), rule.key(b));
    }

    static Rule rule(String collation) {
        String name = collation == null ? DEFAULT_COLLATION : collation.strip().toLowerCase(Locale.ROOT);
        return RULES.computeIfAbsent(name, CollationKeys::parse);
    }

    // ---------------------------------------------------------------- parsing collation names

    private enum Repertoire { FULL, BMP, LATIN1, ASCII }

    private enum Family { BINARY, GENERAL, LATIN1_SWEDISH, UCA, UCA400_TABLE }

    /** What one collation name means; immutable. */
    static final class Rule {
        final String name;
        final Repertoire repertoire;
        final Family family;
        final boolean padSpace;
        /** 'ß' weighs as 's' (general_ci, except MySQL 5.0's general_mysql500_ci; latin1_german1_ci). */
        final boolean sharpSAsS;
        /** UCA 4.0.0: every supplementary character weighs U+FFFD. */
        final boolean supplementaryAsReplacement;
        final Collator collator;

        Rule(String name, Repertoire repertoire, Family family, boolean padSpace, boolean sharpSAsS,
                boolean supplementaryAsReplacement, Collator collator) {
            this.name = name;
            this.repertoire = repertoire;
            this.family = family;
            this.padSpace = padSpace;
            this.sharpSAsS = sharpSAsS;
            this.supplementaryAsReplacement = supplementaryAsReplacement;
            this.collator = collator;
        }

        byte[] key(String value) {
            String s = repertoire(value, repertoire);
            if (sharpSAsS && family == Family.UCA) {
                s = s.replace('ß', 's');
            }
            if (family == Family.UCA400_TABLE) {
                return Uca400.key(s, padSpace);
            }
            if (padSpace) {
                s = family == Family.UCA ? stripPadding(s, collator) : stripSpaces(s);
            }
            switch (family) {
                case BINARY:
                    return s.getBytes(StandardCharsets.UTF_8);
                case LATIN1_SWEDISH:
                    return latin1Swedish(s);
                case GENERAL:
                    return General.key(s, sharpSAsS);
                case UCA:
                default:
                    if (supplementaryAsReplacement) {
                        s = supplementaryToReplacement(s);
                    }
                    return collator.getCollationKey(s).toByteArray();
            }
        }

        @Override
        public String toString() {
            return "Rule[" + name + ": " + family + ", " + repertoire + (padSpace ? ", PAD SPACE" : ", NO PAD") + "]";
        }
    }

    private static Rule parse(String name) {
        if (name.equals("binary")) {
            return new Rule(name, Repertoire.FULL, Family.BINARY, false, false, false, null);
        }
        int underscore = name.indexOf('_');
        if (underscore <= 0) {
            return unknown(name);
        }
        String charset = name.substring(0, underscore);
        List<String> tokens = new ArrayList<>(List.of(name.substring(underscore + 1).split("_")));
        Repertoire repertoire = repertoireOf(charset);
        boolean noPad = tokens.remove("nopad") || tokens.contains("0900");
        String last = tokens.get(tokens.size() - 1);

        if (last.equals("bin")) {
            return new Rule(name, repertoire, Family.BINARY, !noPad, false, false, null);
        }
        boolean ci = last.equals("ci");
        boolean cs = last.equals("cs") || last.equals("ks");
        if (!ci && !cs) {
            return unknown(name);
        }
        if (tokens.get(0).equals("general") && !(tokens.size() > 1 && tokens.get(1).equals("cs"))) {
            boolean mysql500 = tokens.contains("mysql500");
            if (charset.equals("latin1")) {
                // latin1_general_ci is a table of its own, accent-sensitive: model it with ICU at secondary strength
                return uca(name, Repertoire.LATIN1, !noPad, "", Collator.SECONDARY, false, false, false);
            }
            return new Rule(name, repertoire, Family.GENERAL, !noPad, !mysql500, false, null);
        }
        if (charset.equals("latin1") && tokens.equals(List.of("swedish", "ci"))) {
            return new Rule(name, repertoire, Family.LATIN1_SWEDISH, !noPad, false, false, null);
        }

        // a UCA collation (or a single-byte one modelled with ICU): version, language, strength
        boolean uca400 = true;
        boolean accentSensitive = false;
        boolean ks = false;
        StringBuilder language = new StringBuilder();
        for (String t : tokens) {
            switch (t) {
                case "unicode":
                    break;
                case "520": case "0900": case "uca1400":
                    uca400 = false;
                    break;
                case "ai":
                    break;
                case "as":
                    accentSensitive = true;
                    break;
                case "ks":
                    ks = true;
                    break;
                case "ci": case "cs":
                    break;
                default:
                    language.append(language.length() == 0 ? "" : "_").append(t);
            }
        }
        int strength;
        boolean caseLevel = false;
        if (ks) {
            strength = Collator.QUATERNARY;
        } else if (cs) {
            // _cs alone (latin1_general_cs, MySQL 5 *_cs) and _as_cs are tertiary; _ai_cs is primary plus case
            boolean ai = tokens.contains("ai");
            strength = ai ? Collator.PRIMARY : Collator.TERTIARY;
            caseLevel = ai;
        } else {
            strength = accentSensitive ? Collator.SECONDARY : Collator.PRIMARY;
        }
        String locale = localeOf(language.toString());
        if (locale == null) {
            return unknown(name);
        }
        if (uca400 && language.length() == 0 && strength == Collator.PRIMARY && !caseLevel
                && (repertoire == Repertoire.FULL || repertoire == Repertoire.BMP)) {
            // utf8mb4_unicode_ci: ICU's current UCA differs from UCA 4.0.0 for some letters
            // ('æ' <> 'ae', 'ł' sorts after 'l'): use the server's own weights
            return new Rule(name, repertoire, Family.UCA400_TABLE, !noPad, false, true, null);
        }
        // latin1_german1_ci: "Ä = A, Ö = O, Ü = U, ß = s" (MySQL manual), where ICU's German has ß = ss
        boolean german1 = language.toString().equals("german1");
        return uca(name, repertoire, !noPad, locale, strength, caseLevel, german1, uca400);
    }

    private static Rule uca(String name, Repertoire repertoire, boolean padSpace, String locale, int strength,
            boolean caseLevel, boolean sharpSAsS, boolean uca400) {
        Collator collator = Collator.getInstance(new ULocale(locale));
        collator.setStrength(strength);
        if (caseLevel && collator instanceof RuleBasedCollator) {
            ((RuleBasedCollator) collator).setCaseLevel(true);
        }
        // frozen collators are immutable and thread-safe
        return new Rule(name, repertoire, Family.UCA, padSpace, sharpSAsS, uca400, collator.freeze());
    }

    /** An unrecognised name: utf8mb4_unicode_ci's rule under the name it was asked by. */
    private static Rule unknown(String name) {
        Rule def = DEFAULT_RULE;
        return new Rule(name, def.repertoire, def.family, def.padSpace, def.sharpSAsS, def.supplementaryAsReplacement,
                def.collator);
    }

    private static Repertoire repertoireOf(String charset) {
        switch (charset) {
            case "utf8": case "utf8mb3": case "ucs2":
                return Repertoire.BMP;
            case "latin1":
                return Repertoire.LATIN1;
            case "ascii":
                return Repertoire.ASCII;
            default:
                return Repertoire.FULL;
        }
    }

    /** ICU locale of a MySQL/MariaDB collation language, "" for the root order, null if unknown. */
    private static String localeOf(String language) {
        switch (language) {
            case "": case "roman": case "la": case "general":
                return "";
            case "german2": case "de_pb":
                return "de@collation=phonebook";
            case "german1":
                return "de";
            case "spanish2": case "es_trad":
                return "es@collation=traditional";
            case "sr_latn":
                return "sr_Latn";
            case "icelandic": return "is";
            case "latvian": return "lv";
            case "romanian": return "ro";
            case "slovenian": return "sl";
            case "polish": return "pl";
            case "estonian": return "et";
            case "spanish": return "es";
            case "swedish": return "sv";
            case "turkish": return "tr";
            case "czech": return "cs";
            case "danish": return "da";
            case "lithuanian": return "lt";
            case "slovak": return "sk";
            case "persian": return "fa";
            case "esperanto": return "eo";
            case "hungarian": return "hu";
            case "sinhala": return "si";
            case "croatian": return "hr";
            case "vietnamese": return "vi";
            case "thai": return "th";
            case "myanmar": return "my";
            case "is": case "lv": case "ro": case "sl": case "pl": case "et": case "es": case "sv": case "tr":
            case "cs": case "da": case "lt": case "sk": case "eo": case "hu": case "hr": case "vi": case "ja":
            case "ru": case "zh": case "bs": case "gl": case "mn": case "nb": case "nn": case "yo":
                return language;
            default:
                return null;
        }
    }

    // ---------------------------------------------------------------- steps

    /** MySQL's latin1 is cp1252 plus the five bytes cp1252 leaves undefined, read as C1 controls. */
    private static final String CP1252_EXTRAS = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\u0081\u008D\u008F\u0090\u009D";

    private static String repertoire(String s, Repertoire repertoire) {
        if (repertoire == Repertoire.FULL) {
            return s;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            boolean ok;
            switch (repertoire) {
                case BMP:
                    ok = n == 1;
                    break;
                case ASCII:
                    ok = cp < 0x80;
                    break;
                case LATIN1:
                default:
                    ok = cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF) || (n == 1 && CP1252_EXTRAS.indexOf(cp) >= 0);
                    break;
            }
            if (!ok && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                if (ok) {
                    out.appendCodePoint(cp);
                } else {
                    out.append('?');
                }
            }
            i += n;
        }
        return out == null ? s : out.toString();
    }

    private static String stripSpaces(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Strips trailing characters that weigh like a space, or nothing, at the collator's strength. */
    private static String stripPadding(String s, Collator collator) {
        int end = s.length();
        while (end > 0) {
            int cp = s.codePointBefore(end);
            if (cp != ' ') {
                String c = new String(Character.toChars(cp));
                if (collator.compare(c, " ") != 0 && collator.compare(c, "") != 0) {
                    break;
                }
            }
            end -= Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    private static String supplementaryToReplacement(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                if (out == null) {
                    out = new StringBuilder(s.length()).append(s, 0, i);
                }
                out.append('\uFFFD');
                i++;
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** latin1_swedish_ci: case folded, with the Swedish letters and the letters it equates. */
    private static byte[] latin1Swedish(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            out.append(swedishWeight(s.charAt(i)));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static char swedishWeight(char c) {
        if (c >= 'a' && c <= 'z') {
            return (char) (c - 32);
        }
        switch (c) {
            case 'À': case 'Á': case 'Â': case 'Ã': case 'à': case 'á': case 'â': case 'ã':
                return 'A';
            case 'Ä': case 'Æ': case 'ä': case 'æ':
                return '\\';
            case 'Å': case 'å':
                return '[';
            case 'Ö': case 'ö':
                return ']';
            case 'Ç': case 'ç':
                return 'C';
            case 'È': case 'É': case 'Ê': case 'Ë': case 'è': case 'é': case 'ê': case 'ë':
                return 'E';
            case 'Ì': case 'Í': case 'Î': case 'Ï': case 'ì': case 'í': case 'î': case 'ï':
                return 'I';
            case 'Ð': case 'ð':
                return 'D';
            case 'Ñ': case 'ñ':
                return 'N';
            case 'Ò': case 'Ó': case 'Ô': case 'Õ': case 'ò': case 'ó': case 'ô': case 'õ':
                return 'O';
            case 'Ø': case 'ø':
                return 'Ø';
            case 'Ù': case 'Ú': case 'Û': case 'ù': case 'ú': case 'û':
                return 'U';
            case 'Ü': case 'Ý': case 'ü': case 'ý':
                return 'Y';
            case 'Þ': case 'þ':
                return 'Þ';
            default:
                return c;
        }
    }

    /** general_ci weights, computed once for the whole BMP on first use. */
    private static final class General {
        private static final VersionInfo UNICODE_3_0 = VersionInfo.getInstance(3, 0);
        private static final char[] WEIGHTS = buildWeights();

        static byte[] key(String s, boolean sharpSAsS) {
            byte[] out = new byte[2 * s.codePointCount(0, s.length())];
            int o = 0;
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                i += Character.charCount(cp);
                int w = cp > 0xFFFF ? 0xFFFD : (cp == 0xDF && sharpSAsS) ? 'S' : WEIGHTS[cp];
                out[o++] = (byte) (w >>> 8);
                out[o++] = (byte) w;
            }
            return out;
        }

        private static char[] buildWeights() {
            char[] weights = new char[0x10000];
            for (int cp = 0; cp < weights.length; cp++) {
                weights[cp] = (char) weight(cp);
            }
            return weights;
        }

        /** Pages MySQL's general_ci table folds; every other BMP character weighs itself. */
        private static boolean foldedPage(int cp) {
            int page = cp >>> 8;
            return page <= 0x05 || page == 0x1E || page == 0x1F || page == 0x21 || page == 0x24 || page == 0xFF;
        }

        private static int weight(int cp) {
            if (!foldedPage(cp) || Character.isSurrogate((char) cp) || newerThan30(cp)) {
                return cp;
            }
            int base = cp;
            // MySQL keeps the Cyrillic short I a letter of its own, unlike other decomposable letters
            if (cp != 0x0419 && cp != 0x0439) {
                String nfd = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD);
                int first = nfd.codePointAt(0);
                if (first <= 0xFFFF && onlyMarksAfter(nfd, Character.charCount(first))) {
                    base = first;
                }
            }
            int upper = Character.toUpperCase(base);
            if (upper > 0xFFFF || newerThan30(upper)) {
                upper = base;
            }
            return upper;
        }

        private static boolean onlyMarksAfter(String s, int from) {
            for (int i = from; i < s.length(); ) {
                int cp = s.codePointAt(i);
                int type = Character.getType(cp);
                if (type != Character.NON_SPACING_MARK && type != Character.COMBINING_SPACING_MARK
                        && type != Character.ENCLOSING_MARK) {
                    return false;
                }
                i += Character.charCount(cp);
            }
            return true;
        }

        private static boolean newerThan30(int cp) {
            VersionInfo age = UCharacter.getAge(cp);
            return age.compareTo(UNICODE_3_0) > 0 || age.equals(VersionInfo.getInstance(0));
        }
    }

    /**
     * MariaDB's (and MySQL's) {@code utf8mb4_unicode_ci} primary weights, UCA 4.0.0, for every BMP
     * code point, as {@code WEIGHT_STRING()} reports them ({@code tools/uca-weights.sh}). A string's
     * key is the concatenation of its characters' weights: the root collation has no contractions.
     * Supplementary characters all weigh U+FFFD in UCA 4.0.0.
     */
    static final class Uca400 {
        private static final char[][] WEIGHTS = load();
        private static final char[] SPACE = WEIGHTS[' '];
        private static final char[] REPLACEMENT = WEIGHTS[0xFFFD];

        private Uca400() {
        }

        static byte[] key(String s, boolean padSpace) {
            int end = s.length();
            if (padSpace) {
                // PAD SPACE: trailing characters that weigh exactly like a space do not count
                while (end > 0) {
                    int cp = s.codePointBefore(end);
                    if (!java.util.Arrays.equals(weights(cp), SPACE)) {
                        break;
                    }
                    end -= Character.charCount(cp);
                }
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(end * 2);
            for (int i = 0; i < end; ) {
                int cp = s.codePointAt(i);
                for (char w : weights(cp)) {
                    out.write(w >>> 8);
                    out.write(w & 0xFF);
                }
                i += Character.charCount(cp);
            }
            return out.toByteArray();
        }

        private static char[] weights(int cp) {
            return cp > 0xFFFF ? REPLACEMENT : WEIGHTS[cp];
        }

        private static char[][] load() {
            try (java.io.InputStream in = CollationKeys.class.getResourceAsStream("utf8mb4_unicode_ci.weights")) {
                if (in == null) {
                    throw new IllegalStateException("utf8mb4_unicode_ci.weights is missing from the splitdb driver jar");
                }
                byte[] data = in.readAllBytes();
                char[][] table = new char[0x10000][];
                int p = 0;
                for (int cp = 0; cp < table.length; cp++) {
                    int n = data[p++] & 0xFF;
                    char[] w = new char[n];
                    for (int k = 0; k < n; k++) {
                        w[k] = (char) (((data[p] & 0xFF) << 8) | (data[p + 1] & 0xFF));
                        p += 2;
                    }
                    table[cp] = w;
                }
                return table;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot read utf8mb4_unicode_ci.weights", e);
            }
        }
    }
}
