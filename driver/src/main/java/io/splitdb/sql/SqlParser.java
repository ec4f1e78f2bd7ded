package io.splitdb.sql;

import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JSqlParser with a time budget. Its "complex parsing" mode can run for seconds on some short
 * statements; a statement that does not parse in time is treated like one that does not parse.
 */
public final class SqlParser {
    private static final long TIMEOUT_MILLIS = 2000;
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** JSqlParser enforces its timeout by parsing on an executor thread; share one pool for that. */
    private static final ExecutorService PARSE_THREADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "splitdb-parser-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private SqlParser() {
    }

    /** Parses one statement, or throws {@link JSQLParserException} if it cannot in time. */
    public static Statement parse(String sql) throws JSQLParserException {
        return CCJSqlParserUtil.parse(sql, PARSE_THREADS,
                parser -> parser.withTimeOut(TIMEOUT_MILLIS).withBackslashEscapeCharacter(true));
    }
}
