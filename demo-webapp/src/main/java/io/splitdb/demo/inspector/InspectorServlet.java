package io.splitdb.demo.inspector;

import io.splitdb.policy.BackendConfig;
import io.splitdb.policy.ConfigLoader;
import io.splitdb.policy.SplitConfig;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/**
 * The demo's inspector, outside the hospital app: for one patient, the row the application reads
 * through {@code jdbc:split:} beside the row as each of the three backends stores it (shares and blind
 * indexes in hex), and the same for the patient's visits.
 */
public final class InspectorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Path splitConfig;

    public InspectorServlet(Path splitConfig) {
        this.splitConfig = splitConfig.toAbsolutePath();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int id;
        try {
            id = Integer.parseInt(request.getParameter("id") == null ? "1" : request.getParameter("id"));
        } catch (NumberFormatException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "id must be a number");
            return;
        }
        response.setContentType("text/html; charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>splitdb inspector: patient " + id + "</title>"
                + "<link rel=\"stylesheet\" href=\"" + request.getContextPath() + "/css/hospital.css\">"
                + "<style>td.hex{font-family:monospace;font-size:.8rem;color:#5b3a8a;white-space:nowrap} main{max-width:none} .backend{border-left:4px solid #5b3a8a}</style>"
                + "</head><body><header><span class=\"brand\">splitdb inspector</span>"
                + "<form method=\"get\" class=\"inline\">patient id <input name=\"id\" id=\"inspect-id\" value=\"" + id + "\" style=\"display:inline;width:6rem\"> "
                + "<button id=\"inspect\">Inspect</button></form></header><main>");
        out.println("<p>What the hospital application reads through <code>jdbc:split:</code>, and what each of the three MySQL servers "
                + "actually stores for the same rows. Any one server holds only shares: random-looking bytes that reveal nothing alone; "
                + "searchable columns also hold a keyed blind index (<code>_bidx</code>), equal for equal values.</p>");
        try {
            SplitConfig config = new ConfigLoader().load(splitConfig.toString());
            section(out, "What the application reads (patients)", DriverManager.getConnection("jdbc:split:" + splitConfig),
                    "SELECT * FROM patients WHERE id = ?", id, false);
            List<BackendConfig> backends = config.backends();
            for (int b = 0; b < backends.size(); b++) {
                BackendConfig bc = backends.get(b);
                section(out, "Backend " + b + " stores (patients)", DriverManager.getConnection(bc.url(), bc.user(), bc.password()),
                        "SELECT * FROM patients WHERE id = ?", id, true);
            }
            section(out, "What the application reads (visits)", DriverManager.getConnection("jdbc:split:" + splitConfig),
                    "SELECT * FROM visits WHERE patient_id = ? ORDER BY id", id, false);
            BackendConfig first = backends.get(0);
            section(out, "Backend 0 stores (visits)", DriverManager.getConnection(first.url(), first.user(), first.password()),
                    "SELECT * FROM visits WHERE patient_id = ? ORDER BY id", id, true);
        } catch (SQLException e) {
            out.println("<p class=\"error\">" + escape(e.getMessage()) + "</p>");
        }
        out.println("</main></body></html>");
    }

    /** One table of rows, read on {@code c} (closed after). */
    private static void section(PrintWriter out, String title, Connection c, String sql, int id, boolean backend) throws SQLException {
        try (c; PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                out.println("<section class=\"card" + (backend ? " backend" : "") + "\"><h2>" + escape(title) + "</h2><table class=\"inspect\"><thead><tr>");
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    out.print("<th>" + escape(md.getColumnLabel(i)) + "</th>");
                }
                out.println("</tr></thead><tbody>");
                boolean any = false;
                while (rs.next()) {
                    any = true;
                    out.print("<tr>");
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        out.print(cell(rs, md, i));
                    }
                    out.println("</tr>");
                }
                if (!any) {
                    out.println("<tr><td colspan=\"" + md.getColumnCount() + "\">no rows</td></tr>");
                }
                out.println("</tbody></table></section>");
            }
        }
    }

    private static String cell(ResultSet rs, ResultSetMetaData md, int i) throws SQLException {
        String type = md.getColumnTypeName(i).toUpperCase();
        if (type.contains("BINARY") || type.contains("BLOB")) {
            byte[] b = rs.getBytes(i);
            if (b == null) {
                return "<td>NULL</td>";
            }
            String hex = HexFormat.of().formatHex(b);
            // the first bytes, with the whole value in the tooltip: enough to see that nothing readable is there
            return "<td class=\"hex\" title=\"0x" + hex + "\">0x" + (hex.length() > 16 ? hex.substring(0, 16) + "&hellip; " + b.length + "&nbsp;B" : hex) + "</td>";
        }
        String s = rs.getString(i);
        boolean hidden = md.getColumnLabel(i).endsWith("_bidx") || md.getColumnLabel(i).startsWith("_split_");
        return s == null ? "<td>NULL</td>" : "<td" + (hidden ? " class=\"hex\"" : "") + ">" + escape(s) + "</td>";
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
