package io.splitdb.engine;

import io.splitdb.crypto.CollationKeys;
import io.splitdb.types.LogicalType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The type MySQL gives an expression, as far as the driver needs it: which arithmetic applies,
 * how results compare and how a value is written out. {@code scale} is the number of decimals of a
 * DECIMAL; {@code collation} the collation of text.
 */
record Ty(Kind kind, int scale, String collation) {

    enum Kind { NULL, LONG, DECIMAL, DOUBLE, STRING, BINARY, DATE, DATETIME, TIME }

    static final Ty NULL = new Ty(Kind.NULL, 0, null);
    static final Ty LONG = new Ty(Kind.LONG, 0, null);
    static final Ty DOUBLE = new Ty(Kind.DOUBLE, 0, null);
    static final Ty BINARY = new Ty(Kind.BINARY, 0, null);
    static final Ty DATE = new Ty(Kind.DATE, 0, null);
    static final Ty DATETIME = new Ty(Kind.DATETIME, 0, null);
    static final Ty TIME = new Ty(Kind.TIME, 0, null);

    /** MySQL's div_precision_increment default: decimals a division adds. */
    static final int DIV_INCREMENT = 4;
    private static final int MAX_SCALE = 30;
    private static final Map<String, LogicalType> LOGICAL = new ConcurrentHashMap<>();

    static Ty decimal(int scale) {
        return new Ty(Kind.DECIMAL, Math.min(MAX_SCALE, scale), null);
    }

    static Ty string(String collation) {
        return new Ty(Kind.STRING, 0, collation == null ? CollationKeys.DEFAULT_COLLATION : collation);
    }

    static boolean binaryCollation(String collation) {
        return collation != null && collation.toLowerCase(java.util.Locale.ROOT).endsWith("_bin");
    }

    boolean numeric() {
        return kind == Kind.LONG || kind == Kind.DECIMAL || kind == Kind.DOUBLE;
    }

    boolean temporal() {
        return kind == Kind.DATE || kind == Kind.DATETIME || kind == Kind.TIME;
    }

    /** The type of a column's values. */
    static Ty of(LogicalType t, String collation) {
        if (t.isNumeric()) {
            String base = t.baseName().toUpperCase(java.util.Locale.ROOT);
            if (base.startsWith("DECIMAL") || base.startsWith("NUMERIC")) {
                return decimal(Math.max(0, t.scale()));
            }
            if (base.startsWith("FLOAT") || base.startsWith("DOUBLE") || base.startsWith("REAL")) {
                return DOUBLE;
            }
            return LONG;
        }
        String base = t.baseName().toUpperCase(java.util.Locale.ROOT);
        switch (base) {
            case "YEAR": return LONG;
            case "DATE": return DATE;
            case "DATETIME": case "TIMESTAMP": return new Ty(Kind.DATETIME, Math.max(0, t.fractionDigits()), null);
            case "TIME": return new Ty(Kind.TIME, Math.max(0, t.fractionDigits()), null);
            default:
                return t.isText() ? string(collation != null ? collation : t.collation()) : BINARY;
        }
    }

    /** The type of a literal or parameter value. */
    static Ty ofValue(Object v, String defaultCollation) {
        if (v == null) {
            return NULL;
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte || v instanceof Boolean) {
            return LONG;
        }
        if (v instanceof BigInteger) {
            return decimal(0);
        }
        if (v instanceof BigDecimal d) {
            return decimal(Math.max(0, d.scale()));
        }
        if (v instanceof Double || v instanceof Float) {
            return DOUBLE;
        }
        if (v instanceof String) {
            return string(defaultCollation);
        }
        if (v instanceof LocalDate || v instanceof java.sql.Date) {
            return DATE;
        }
        if (v instanceof LocalDateTime || v instanceof Instant || v instanceof java.sql.Timestamp || v instanceof java.util.Date) {
            return DATETIME;
        }
        if (v instanceof Duration || v instanceof java.time.LocalTime) {
            return TIME;
        }
        return BINARY;
    }

    /** The common type of the branches of CASE, IF, COALESCE or the columns of a UNION. */
    static Ty unify(List<Ty> types) {
        Ty result = NULL;
        for (Ty t : types) {
            result = unify(result, t);
        }
        return result;
    }

    private static Ty unify(Ty a, Ty b) {
        if (a.kind == Kind.NULL) {
            return b;
        }
        if (b.kind == Kind.NULL) {
            return a;
        }
        if (a.kind == b.kind) {
            if (a.kind == Kind.STRING && binaryCollation(b.collation) && !binaryCollation(a.collation)) {
                return b;  // a _bin collation wins over another of the same character set, as in MySQL
            }
            return a.kind == Kind.DECIMAL ? decimal(Math.max(a.scale, b.scale)) : a;
        }
        if (a.numeric() && b.numeric()) {
            if (a.kind == Kind.DOUBLE || b.kind == Kind.DOUBLE) {
                return DOUBLE;
            }
            return decimal(Math.max(a.scale, b.scale));
        }
        if ((a.kind == Kind.DATE && b.kind == Kind.DATETIME) || (a.kind == Kind.DATETIME && b.kind == Kind.DATE)) {
            return DATETIME;
        }
        if (a.kind == Kind.BINARY || b.kind == Kind.BINARY) {
            return BINARY;
        }
        return string(a.kind == Kind.STRING ? a.collation : b.collation);
    }

    /** The type of {@code a op b} for + - * (and / when {@code division}). */
    static Ty arithmetic(Ty a, Ty b, boolean multiply, boolean division) {
        if (a.kind == Kind.NULL && b.kind == Kind.NULL) {
            return division ? decimal(DIV_INCREMENT) : LONG;
        }
        if (!exact(a) || !exact(b)) {
            return DOUBLE;
        }
        if (division) {
            return decimal(a.scale + DIV_INCREMENT);
        }
        if (a.kind == Kind.DECIMAL || b.kind == Kind.DECIMAL) {
            return decimal(multiply ? a.scale + b.scale : Math.max(a.scale, b.scale));
        }
        return LONG;
    }

    /** LONG, DECIMAL or NULL: arithmetic on them stays exact. */
    static boolean exact(Ty t) {
        return t.kind == Kind.LONG || t.kind == Kind.DECIMAL || t.kind == Kind.NULL;
    }

    /** The column type a result of this type is reported with. */
    LogicalType logical() throws SQLException {
        String ddl;
        switch (kind) {
            case LONG: ddl = "BIGINT"; break;
            case DECIMAL: ddl = "DECIMAL(65," + scale + ")"; break;
            case DOUBLE: ddl = "DOUBLE"; break;
            case DATE: ddl = "DATE"; break;
            case DATETIME: ddl = scale > 0 ? "DATETIME(" + scale + ")" : "DATETIME"; break;
            case TIME: ddl = scale > 0 ? "TIME(" + scale + ")" : "TIME"; break;
            case BINARY: ddl = "LONGBLOB"; break;
            case NULL: ddl = "BINARY(0)"; break;
            default: ddl = "LONGTEXT CHARACTER SET utf8mb4 COLLATE " + collation; break;
        }
        LogicalType cached = LOGICAL.get(ddl);
        if (cached == null) {
            cached = LogicalType.parse(ddl);
            LOGICAL.put(ddl, cached);
        }
        return cached;
    }
}
