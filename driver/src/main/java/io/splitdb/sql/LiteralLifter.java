package io.splitdb.sql;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lifts value literals out of DML statement text without parsing it, so that statements built by
 * string concatenation (common in legacy JSP code) hit the plan cache. Literals that are part of
 * the statement's shape stay: select-list items (they name result columns), {@code ORDER BY 1},
 * {@code GROUP BY 2}, {@code LIMIT}, type arguments such as {@code DECIMAL(10,2)}, and literals
 * after {@code DATE}, {@code INTERVAL}, {@code COLLATE} and other keywords that need one.
 */
public final class LiteralLifter {

    private static final Set<String> LIFTING_STATEMENTS = Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "REPLACE", "WITH");
    private static final Set<String> CLAUSES = Set.of("SELECT", "FROM", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT",
            "OFFSET", "SET", "VALUES", "VALUE", "ON", "USING", "INTO", "UNION", "JOIN", "DUPLICATE", "PARTITION", "WINDOW");
    /** Clauses whose literals shape the statement or its result columns. */
    private static final Set<String> KEEP_CLAUSES = Set.of("SELECT", "GROUP", "ORDER", "LIMIT", "OFFSET", "PARTITION", "WINDOW");
    /** Keywords that must be followed by a literal, not a parameter. */
    private static final Set<String> KEEP_AFTER = Set.of("DATE", "TIME", "TIMESTAMP", "INTERVAL", "COLLATE", "ESCAPE",
            "SEPARATOR", "CHARACTER", "CHARSET", "AGAINST", "BINARY");
    /** Type names whose parenthesised arguments are part of the type. */
    private static final Set<String> TYPE_WORDS = Set.of("DECIMAL", "DEC", "NUMERIC", "CHAR", "VARCHAR", "BINARY", "VARBINARY",
            "DATETIME", "TIME", "TIMESTAMP", "FLOAT", "DOUBLE", "INT", "INTEGER", "SIGNED", "UNSIGNED", "NCHAR");

    private LiteralLifter() {
    }

    /** Lifts the literals of {@code sql}; statements other than DML keep their text, with only their {@code ?} as slots. */
    public static LiftedSql lift(String sql) {
        return new Scanner(sql, true).run();
    }

    /** Only the application's own {@code ?} as slots: the text stays as written. */
    public static LiftedSql parametersOnly(String sql) {
        return new Scanner(sql, false).run();
    }

    private static final class Scanner {
        private final String sql;
        private final StringBuilder out = new StringBuilder();
        private final List<LiftedSql.Slot> slots = new ArrayList<>();
        private final Deque<Frame> frames = new ArrayDeque<>();
        private int pos;
        private int userParams;
        private final boolean mayLift;
        private boolean lifting;
        private String firstWord;
        private String prevWord = "";
        private char prevSignificant;

        Scanner(String sql, boolean mayLift) {
            this.sql = sql;
            this.mayLift = mayLift;
            frames.push(new Frame("", false));
        }

        LiftedSql run() {
            int n = sql.length();
            while (pos < n) {
                char c = sql.charAt(pos);
                if (Character.isWhitespace(c)) {
                    out.append(c);
                    pos++;
                } else if (c == '#' || (c == '-' && startsWith("--") && (pos + 2 >= n || Character.isWhitespace(sql.charAt(pos + 2))))) {
                    copyUntilLineEnd();
                } else if (c == '/' && startsWith("/*")) {
                    copyComment();
                } else if (c == '\'' || c == '"') {
                    string(c);
                } else if (c == '`') {
                    copyQuoted('`');
                    significant('`', "");
                } else if (c == '?') {
                    out.append('?');
                    pos++;
                    slots.add(new LiftedSql.UserParameter(++userParams));
                    significant('?', "");
                } else if (Character.isDigit(c) || (c == '.' && pos + 1 < n && Character.isDigit(sql.charAt(pos + 1))
                        && !isWordChar(prevSignificant))) {
                    number();
                } else if (isWordStart(c)) {
                    word();
                } else {
                    punctuation(c);
                }
            }
            return new LiftedSql(out.toString(), slots);
        }

        private void word() {
            int start = pos;
            while (pos < sql.length() && isWordChar(sql.charAt(pos))) {
                pos++;
            }
            String text = sql.substring(start, pos);
            out.append(text);
            String upper = text.toUpperCase(Locale.ROOT);
            if (firstWord == null) {
                firstWord = upper;
                lifting = mayLift && LIFTING_STATEMENTS.contains(upper);
            }
            if (CLAUSES.contains(upper)) {
                frames.peek().clause = upper;
            }
            significant('a', upper);
        }

        private void punctuation(char c) {
            out.append(c);
            pos++;
            if (c == '(') {
                frames.push(new Frame(frames.peek().clause, TYPE_WORDS.contains(prevWord)));
            } else if (c == ')' && frames.size() > 1) {
                frames.pop();
            }
            significant(c, "");
        }

        private void number() {
            int start = pos;
            int n = sql.length();
            boolean decimal = false;
            boolean exponent = false;
            while (pos < n && Character.isDigit(sql.charAt(pos))) {
                pos++;
            }
            if (pos < n && sql.charAt(pos) == '.') {
                decimal = true;
                pos++;
                while (pos < n && Character.isDigit(sql.charAt(pos))) {
                    pos++;
                }
            }
            if (pos < n && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
                int save = pos;
                pos++;
                if (pos < n && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos < n && Character.isDigit(sql.charAt(pos))) {
                    exponent = true;
                    while (pos < n && Character.isDigit(sql.charAt(pos))) {
                        pos++;
                    }
                } else {
                    pos = save;
                }
            }
            String text = sql.substring(start, pos);
            // "1abc" and "0x1F" are identifiers or hex literals in MySQL: leave them alone
            if (pos < n && isWordChar(sql.charAt(pos))) {
                while (pos < n && isWordChar(sql.charAt(pos))) {
                    pos++;
                }
                out.append(sql, start, pos);
                significant('a', "");
                return;
            }
            // 1e2 is a DOUBLE in MySQL, which no bound parameter reproduces exactly: it stays in the text
            if (liftable() && !exponent) {
                Object value;
                if (decimal) {
                    value = new BigDecimal(text);
                } else if (text.length() < 19) {
                    value = Long.valueOf(text);
                } else {
                    value = new BigDecimal(text);
                }
                lifted(value);
            } else {
                out.append(text);
            }
            significant('0', "");
        }

        private void string(char quote) {
            int start = pos;
            // a charset introducer (_utf8mb4'x', N'x') belongs to the literal
            boolean introduced = start > 0 && isWordChar(sql.charAt(start - 1));
            StringBuilder value = new StringBuilder();
            pos++;
            int n = sql.length();
            while (pos < n) {
                char c = sql.charAt(pos);
                if (c == '\\' && pos + 1 < n) {
                    char e = sql.charAt(pos + 1);
                    switch (e) {
                        case 'n' -> value.append('\n');
                        case 't' -> value.append('\t');
                        case 'r' -> value.append('\r');
                        case 'b' -> value.append('\b');
                        case '0' -> value.append('\0');
                        case 'Z' -> value.append('\u001A');
                        // MySQL keeps the backslash of \% and \_ so LIKE patterns still see an escape
                        case '%', '_' -> value.append('\\').append(e);
                        default -> value.append(e);
                    }
                    pos += 2;
                } else if (c == quote) {
                    if (pos + 1 < n && sql.charAt(pos + 1) == quote) {
                        value.append(quote);
                        pos += 2;
                    } else {
                        pos++;
                        break;
                    }
                } else {
                    value.append(c);
                    pos++;
                }
            }
            // adjacent literals ('a' 'b') concatenate in MySQL: keep them as written
            boolean adjacent = prevSignificant == '\'' || nextIsQuote();
            if (!introduced && !adjacent && liftable()) {
                lifted(value.toString());
            } else {
                out.append(sql, start, pos);
            }
            significant('\'', "");
        }

        private boolean nextIsQuote() {
            int p = pos;
            while (p < sql.length() && Character.isWhitespace(sql.charAt(p))) {
                p++;
            }
            return p < sql.length() && (sql.charAt(p) == '\'' || sql.charAt(p) == '"');
        }

        private boolean liftable() {
            Frame f = frames.peek();
            return lifting && !f.typeArgs && !KEEP_CLAUSES.contains(f.clause) && !KEEP_AFTER.contains(prevWord);
        }

        private void lifted(Object value) {
            out.append('?');
            slots.add(new LiftedSql.Literal(value));
        }

        private void significant(char kind, String word) {
            prevSignificant = kind;
            prevWord = word;
        }

        private void copyUntilLineEnd() {
            int end = sql.indexOf('\n', pos);
            end = end < 0 ? sql.length() : end;
            out.append(sql, pos, end);
            pos = end;
        }

        private void copyComment() {
            int end = sql.indexOf("*/", pos + 2);
            end = end < 0 ? sql.length() : end + 2;
            out.append(sql, pos, end);
            pos = end;
        }

        private void copyQuoted(char quote) {
            int start = pos++;
            while (pos < sql.length()) {
                char c = sql.charAt(pos++);
                if (c == quote) {
                    if (pos < sql.length() && sql.charAt(pos) == quote) {
                        pos++;
                    } else {
                        break;
                    }
                }
            }
            out.append(sql, start, pos);
        }

        private boolean startsWith(String s) {
            return sql.startsWith(s, pos);
        }
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$' || c == '@';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '@';
    }

    private static final class Frame {
        String clause;
        final boolean typeArgs;

        Frame(String clause, boolean typeArgs) {
            this.clause = clause;
            this.typeArgs = typeArgs;
        }
    }
}
