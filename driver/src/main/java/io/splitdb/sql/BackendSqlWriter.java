package io.splitdb.sql;

import io.splitdb.exec.BackendQuery;
import io.splitdb.exec.ValueSource;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;
import net.sf.jsqlparser.util.deparser.StatementDeParser;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes an AST back to SQL for a backend and records, for each {@code ?} in the order written,
 * where its value comes from: the statement's own arguments or a value the planner computes.
 */
final class BackendSqlWriter {

    private BackendSqlWriter() {
    }

    static BackendQuery write(Statement statement) {
        Recorder recorder = new Recorder();
        StringBuilder sb = new StringBuilder();
        SelectDeParser select = new SelectDeParser(recorder, sb);
        recorder.setSelectVisitor(select);
        recorder.setBuilder(sb);
        StatementDeParser deParser = new StatementDeParser(recorder, select, sb);
        statement.accept(deParser);
        return new BackendQuery(sb.toString(), recorder.sources);
    }

    /** SQL of one expression, appending the sources of its parameters to {@code sources}. */
    static String write(Expression expression, List<ValueSource> sources) {
        Recorder recorder = new Recorder();
        StringBuilder sb = new StringBuilder();
        SelectDeParser select = new SelectDeParser(recorder, sb);
        recorder.setSelectVisitor(select);
        recorder.setBuilder(sb);
        expression.accept(recorder, null);
        sources.addAll(recorder.sources);
        return sb.toString();
    }

    /** The argument a plain {@code ?} refers to: JSqlParser numbers them 1.. in text order. */
    static ValueSource sourceOf(JdbcParameter p) {
        if (p instanceof BoundParameter b) {
            return b.source();
        }
        return ValueSource.arg(p.getIndex() - 1);
    }

    private static final class Recorder extends ExpressionDeParser {
        final List<ValueSource> sources = new ArrayList<>();

        @Override
        public <S> StringBuilder visit(JdbcParameter parameter, S context) {
            sources.add(sourceOf(parameter));
            getBuilder().append('?');
            return getBuilder();
        }
    }
}
