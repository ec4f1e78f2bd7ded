package io.splitdb.cli;

import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.MasterKey;
import io.splitdb.embedded.MariaDbTrio;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Starts three embedded MariaDB servers, writes patients through {@code jdbc:split:}, and prints
 * what the application reads beside what each backend holds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start three embedded MariaDB backends, store patients through jdbc:split:, show each backend's view.",
                "Exit codes: 0 the demo ran (and was stopped), 1 it could not start."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "keep the backends' data in DIR (default: a temporary folder)")
    Path data;

    @Option(names = "--wait", description = "keep the backends running until Ctrl-C")
    boolean waitForever;

    @Override
    public Integer call() throws Exception {
        Path work = data != null ? data.toAbsolutePath() : Files.createTempDirectory("splitdb-demo");
        Files.createDirectories(work);
        System.out.println("Starting three MariaDB backends (configuration and keystore in " + work + ") ...");
        try (MariaDbTrio trio = MariaDbTrio.start(data == null ? null : work.resolve("backends"))) {
            trio.createDatabase("hospital");
            Path keystore = work.resolve("hospital.p12");
            if (!Files.exists(keystore)) {
                KeystoreFile.create(keystore, "demo-password".toCharArray(), MasterKey.generate());
            }
            Path config = work.resolve("hospital.yaml");
            Files.writeString(config, config(trio.jdbcUrls("hospital"), trio.user(), trio.password(), keystore));
            String url = "jdbc:split:" + config;
            System.out.println("Configuration: " + config);
            System.out.println("Application URL: " + url);
            System.out.println();
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE patients (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL, "
                        + "ssn CHAR(11), diagnosis VARCHAR(200), ward VARCHAR(10))");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO patients (name, ssn, diagnosis, ward) VALUES (?, ?, ?, ?)")) {
                    String[][] rows = {
                            {"Chloé Martin", "123-45-6789", "Type 2 diabetes", "A"},
                            {"Jürgen Weiß", "987-65-4321", "Hypertension", "B"},
                            {"Mei Nakamura", "555-12-3456", "Asthma", "A"},
                    };
                    for (String[] r : rows) {
                        for (int i = 0; i < r.length; i++) {
                            ps.setString(i + 1, r[i]);
                        }
                        ps.executeUpdate();
                    }
                }
                System.out.println("What the application reads (SELECT * FROM patients):");
                print(s.executeQuery("SELECT * FROM patients ORDER BY id"));
                System.out.println("Searching a protected column (WHERE name = 'chloe martin'):");
                print(s.executeQuery("SELECT id, name, diagnosis FROM patients WHERE name = 'chloe martin'"));
                System.out.println("SQL the backends cannot compute over shares, finished in the driver:");
                String report = "SELECT ward, COUNT(*), GROUP_CONCAT(UPPER(LEFT(name, 3)) ORDER BY name) FROM patients "
                        + "WHERE diagnosis LIKE '%t%' GROUP BY ward";
                System.out.println("  " + report);
                print(s.executeQuery(report));
            }
            List<String> urls = trio.jdbcUrls("hospital");
            for (int b = 0; b < 3; b++) {
                System.out.println("What backend " + b + " holds (" + urls.get(b) + "):");
                try (Connection c = DriverManager.getConnection(urls.get(b), trio.user(), trio.password());
                     Statement s = c.createStatement()) {
                    print(s.executeQuery("SELECT * FROM patients ORDER BY id"));
                }
            }
            if (waitForever) {
                System.out.println("Backends keep running; connect with " + url + " . Ctrl-C to stop.");
                Thread.currentThread().join();
            }
        }
        return 0;
    }

    private static String config(List<String> urls, String user, String password, Path keystore) {
        StringBuilder y = new StringBuilder("# made by splitdb demo\nbackends:\n");
        for (String u : urls) {
            y.append("  - url: \"").append(u).append("\"\n    user: \"").append(user).append("\"\n    password: \"")
                    .append(password == null ? "" : password).append("\"\n");
        }
        y.append("keys:\n  keystore: ").append(keystore.getFileName()).append("\n  password: demo-password\n");
        y.append("tables:\n  patients:\n");
        y.append("    name:      { protect: shared, search: equality }\n");
        y.append("    ssn:       { protect: shared, search: equality, bits: 24 }\n");
        y.append("    diagnosis: { protect: shared }\n");
        return y.toString();
    }

    private static void print(ResultSet rs) throws Exception {
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            StringBuilder header = new StringBuilder("  ");
            for (int i = 1; i <= n; i++) {
                header.append(String.format("%-26s", md.getColumnLabel(i)));
            }
            System.out.println(header);
            while (rs.next()) {
                StringBuilder line = new StringBuilder("  ");
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    String text = v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : String.valueOf(v);
                    line.append(String.format("%-26s", text.length() > 24 ? text.substring(0, 21) + "..." : text));
                }
                System.out.println(line);
            }
            System.out.println();
        }
    }
}
