package io.splitdb.exec;

/** A statement shortened for an error message (statement shapes carry no values: literals are lifted). */
public final class Fragment {
    private static final int MAX = 120;

    private Fragment() {
    }

    public static String of(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX ? oneLine : oneLine.substring(0, MAX) + "...";
    }
}
