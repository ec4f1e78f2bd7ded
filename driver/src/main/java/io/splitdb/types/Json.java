package io.splitdb.types;

/**
 * JSON text as a JSON column accepts it. MySQL: RFC 8259, a document at most 100 deep (a scalar or
 * an empty container is one deep). MariaDB's JSON_VALID (verified on 11.4): containers nested at
 * most 31 deep, a point without fraction digits ("1.") allowed, any character escapable.
 */
final class Json {

    private final String s;
    private final boolean mariadb;
    private int pos;

    private Json(String s, Flavor flavor) {
        this.s = s;
        this.mariadb = flavor == Flavor.MARIADB;
    }

    static boolean valid(String text, Flavor flavor) {
        Json j = new Json(text, flavor);
        try {
            j.space();
            j.value(0);
            j.space();
            return j.pos == text.length();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A value inside {@code depth} containers. */
    private void value(int depth) {
        char c = peek();
        boolean container = c == '{' || c == '[';
        if (mariadb ? container && depth + 1 > 31 : depth + 1 > 100) {
            throw new IllegalArgumentException("too deep");
        }
        switch (c) {
            case '{': object(depth); break;
            case '[': array(depth); break;
            case '"': string(); break;
            case 't': word("true"); break;
            case 'f': word("false"); break;
            case 'n': word("null"); break;
            default: number();
        }
    }

    private void object(int depth) {
        pos++;
        space();
        if (peek() == '}') {
            pos++;
            return;
        }
        while (true) {
            space();
            string();
            space();
            expect(':');
            space();
            value(depth + 1);
            space();
            if (peek() == ',') {
                pos++;
            } else {
                expect('}');
                return;
            }
        }
    }

    private void array(int depth) {
        pos++;
        space();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            space();
            value(depth + 1);
            space();
            if (peek() == ',') {
                pos++;
            } else {
                expect(']');
                return;
            }
        }
    }

    private void string() {
        expect('"');
        while (true) {
            char c = next();
            if (c == '"') {
                return;
            } else if (c < 0x20) {
                throw new IllegalArgumentException("control character");
            } else if (c == '\\') {
                char e = next();
                if (e == 'u') {
                    char unit = hex4();
                    if (Character.isLowSurrogate(unit)) {
                        throw new IllegalArgumentException("unpaired surrogate");
                    }
                    if (Character.isHighSurrogate(unit)) {
                        expect('\\');
                        expect('u');
                        if (!Character.isLowSurrogate(hex4())) {
                            throw new IllegalArgumentException("unpaired surrogate");
                        }
                    }
                } else if (!mariadb && "\"\\/bfnrt".indexOf(e) < 0) {
                    throw new IllegalArgumentException("bad escape");
                }
            }
        }
    }

    private void number() {
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else {
            digits();
        }
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            if (!mariadb || pos < s.length() && Character.isDigit(s.charAt(pos))) {
                digits();
            }
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            digits();
        }
    }

    private char hex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(next(), 16);
            if (d < 0) {
                throw new IllegalArgumentException("bad escape");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private void digits() {
        int start = pos;
        while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start) {
            throw new IllegalArgumentException("digit expected");
        }
    }

    private void word(String w) {
        if (!s.startsWith(w, pos)) {
            throw new IllegalArgumentException("literal expected");
        }
        pos += w.length();
    }

    private void space() {
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == '\n' || s.charAt(pos) == '\r')) {
            pos++;
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalArgumentException("'" + c + "' expected");
        }
    }

    private char peek() {
        if (pos >= s.length()) {
            throw new IllegalArgumentException("unexpected end");
        }
        return s.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }
}
