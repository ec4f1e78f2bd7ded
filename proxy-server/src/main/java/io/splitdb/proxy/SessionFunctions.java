package io.splitdb.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code SELECT} of the session's own identity, which the proxy answers itself: through the driver
 * {@code USER()} would name the backends' account and {@code CONNECTION_ID()} a backend connection,
 * where a client of the proxy expects its proxy user and the session id it saw in the handshake
 * (and that KILL takes). Recognised only as a whole statement of such functions, each with an
 * optional alias, and an optional {@code LIMIT 1}, as the mariadb client's {@code status} sends
 * ({@code SELECT DATABASE(), USER() limit 1}); anything else goes to the driver.
 */
final class SessionFunctions {
    /** What one select item asks for. */
    enum Kind { USER, CURRENT_USER, DATABASE, CONNECTION_ID }

    /** One select item: its column label and kind. */
    record Item(String label, Kind kind) {
    }

    private static final String FUNCTION =
            "(USER\\s*\\(\\s*\\)|SESSION_USER\\s*\\(\\s*\\)|SYSTEM_USER\\s*\\(\\s*\\)|CURRENT_USER(?:\\s*\\(\\s*\\))?"
                    + "|DATABASE\\s*\\(\\s*\\)|SCHEMA\\s*\\(\\s*\\)|CONNECTION_ID\\s*\\(\\s*\\))";
    private static final String ALIAS = "(?:\\s+(?:AS\\s+)?(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*))?";
    private static final Pattern STATEMENT = Pattern.compile(
            "(?is)\\s*SELECT\\s+(" + FUNCTION + ALIAS + "(?:\\s*,\\s*" + FUNCTION + ALIAS + ")*)(?:\\s+LIMIT\\s+1)?\\s*;?\\s*");
    private static final Pattern ITEM = Pattern.compile("(?is)\\s*" + FUNCTION + ALIAS + "\\s*(?:,|$)");

    private SessionFunctions() {
    }

    /** The items of such a statement, or null if {@code sql} is not one. */
    static List<Item> parse(String sql) {
        Matcher whole = STATEMENT.matcher(sql);
        if (!whole.matches()) {
            return null;
        }
        List<Item> items = new ArrayList<>();
        Matcher m = ITEM.matcher(whole.group(1));
        while (m.find()) {
            String function = m.group(1).replaceAll("\\s+", "");
            String alias = m.group(2);
            String label = alias != null ? alias.replace("`", "") : function;
            items.add(new Item(label, kind(function.toUpperCase(Locale.ROOT))));
        }
        return items;
    }

    private static Kind kind(String function) {
        if (function.startsWith("CURRENT_USER")) {
            return Kind.CURRENT_USER;
        }
        if (function.startsWith("DATABASE") || function.startsWith("SCHEMA")) {
            return Kind.DATABASE;
        }
        return function.startsWith("CONNECTION_ID") ? Kind.CONNECTION_ID : Kind.USER;
    }
}
