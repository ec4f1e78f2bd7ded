package io.splitdb.cli;

import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.MasterKey;
import io.splitdb.demo.DataGenerator;
import io.splitdb.demo.DemoWebServer;
import io.splitdb.embedded.MariaDbTrio;
import io.splitdb.proxy.ProxyConfig;
import io.splitdb.proxy.ProxyServer;
import io.splitdb.proxy.auth.NativePassword;
import org.example.hospital.Passwords;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The demo: three embedded MariaDB backends, the hospital web app on {@code jdbc:split:} with its
 * synthetic patients, the inspector, and the MySQL-protocol proxy, in one command. Data, keystore
 * and configuration live in a folder of their own and survive restarts.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start three embedded MariaDB backends, the proxy and the demo hospital web app on split storage.",
                "Exit codes: 0 the demo ran (and was stopped), 1 it could not start, 2 usage."})
final class DemoCommand implements Callable<Integer> {
    private static final String DATABASE = "hospital";
    private static final String KEYSTORE_PASSWORD = "demo-keystore"; // a demo: a real deployment takes it from ${ENV}

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "HTTP port of the web app (default ${DEFAULT-VALUE}; 0: any free port)")
    int port;

    @Option(names = "--proxy-port", paramLabel = "N", defaultValue = "3307", description = "port of the MySQL-protocol proxy (default ${DEFAULT-VALUE}; 0: any)")
    int proxyPort;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "splitdb-demo",
            description = "folder for the backends' data, the keystore and the configuration; kept across restarts (default ./${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--password", paramLabel = "PW",
            description = "password of the staff account 'demo' (and of the proxy user 'demo'); default: generated at first start and printed")
    String password;

    @Option(names = "--patients", paramLabel = "N", defaultValue = "2000", description = "patients generated at first start (default ${DEFAULT-VALUE})")
    int patients;

    /** For tests: start, print the addresses, and stop at once. */
    @Option(names = "--exit-after-start", hidden = true)
    boolean exitAfterStart;

    @Override
    public Integer call() throws Exception {
        if (patients < 1 || patients > 1_000_000) {
            System.err.println("splitdb demo: --patients takes 1 to 1000000");
            return CommandFailure.USAGE;
        }
        Path dir = data.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        boolean first = !Files.exists(dir.resolve("loaded"));
        System.out.println("Starting three MariaDB backends (data in " + dir + ") ...");
        try (MariaDbTrio trio = MariaDbTrio.start(dir.resolve("backends"))) {
            if (first) {
                trio.createDatabase(DATABASE);
                KeystoreFile.create(dir.resolve("hospital.p12"), KEYSTORE_PASSWORD.toCharArray(), MasterKey.generate());
            }
            String pw = password;
            if (first && pw == null) {
                pw = generated();
            }
            Path hashFile = dir.resolve("demo-user.hash");
            if (pw != null) {
                Files.writeString(hashFile, NativePassword.hash(pw));
            }
            Path config = dir.resolve("hospital.yaml");
            Files.writeString(config, config(trio, Files.readString(hashFile).trim()));
            Path properties = dir.resolve("hospital.properties");
            Files.writeString(properties, "# the hospital app's database: change this URL and nothing else\njdbc.url=jdbc:split:"
                    + config.toString().replace("\\", "\\\\") + "\njdbc.user=\njdbc.password=\n");
            try (Connection c = DriverManager.getConnection("jdbc:split:" + config)) {
                if (first) {
                    System.out.println("Creating the hospital schema and " + patients + " synthetic patients through jdbc:split: ...");
                    load(c);
                    Files.writeString(dir.resolve("loaded"), "schema and synthetic data loaded\n");
                }
                if (pw != null) {
                    staff(c, pw);
                }
            }
            try (ProxyServer proxy = new ProxyServer(config, ProxyConfig.load(config).withPort(proxyPort));
                 DemoWebServer web = start(dir, properties, config)) {
                int boundProxy = proxy.start();
                String mariadb = trio.clientBin("mariadb").map(Path::toString).orElse("mariadb");
                System.out.println();
                System.out.println("Hospital app:  http://127.0.0.1:" + web.port() + "/   (sign in as demo, password "
                        + (pw != null ? pw : "as set before; --password sets a new one") + ")");
                System.out.println("Inspector:     http://127.0.0.1:" + web.port() + "/inspector?id=1   (what each backend stores for patient 1)");
                System.out.println("MySQL clients: " + mariadb + " --protocol=TCP -h127.0.0.1 -P" + boundProxy + " -udemo -p"
                        + (pw != null ? pw : "") + " --ssl=0 " + DATABASE);
                System.out.println("Configuration: " + config + "   (application URL jdbc:split:" + config + ")");
                System.out.println("Data in " + dir + " is kept: run the same command again to come back to it. Ctrl-C to stop.");
                System.out.flush();
                if (!exitAfterStart) {
                    CountDownLatch stop = new CountDownLatch(1);
                    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "splitdb-demo-stop"));
                    stop.await();
                }
            }
        } catch (Exception e) {
            System.err.println("splitdb demo: could not start: " + e.getMessage());
            return CommandFailure.FAILED;
        }
        return 0;
    }

    private DemoWebServer start(Path dir, Path properties, Path config) throws Exception {
        return new DemoWebServer(port, dir.resolve("web"), properties, config);
    }

    private static String generated() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String config(MariaDbTrio trio, String proxyHash) throws Exception {
        StringBuilder y = new StringBuilder("# made by splitdb demo (rewritten at each start: the backends' ports may change)\nbackends:\n");
        for (String u : trio.jdbcUrls(DATABASE)) {
            y.append("  - url: \"").append(u).append("\"\n    user: \"").append(trio.user()).append("\"\n    password: \"")
                    .append(trio.password() == null ? "" : trio.password()).append("\"\n");
        }
        y.append("keys:\n  keystore: hospital.p12\n  password: ").append(KEYSTORE_PASSWORD).append("\n");
        try (InputStream in = DemoCommand.class.getResourceAsStream("/hospital/policy.yaml")) {
            y.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        y.append("proxy:\n  users:\n    - name: demo\n      password-hash: \"").append(proxyHash).append("\"\n");
        return y.toString();
    }

    private void load(Connection c) throws Exception {
        try (Statement s = c.createStatement(); InputStream in = DemoCommand.class.getResourceAsStream("/hospital/schema.sql")) {
            for (SqlScript.Statement st : SqlScript.split(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                s.execute(st.sql());
            }
        }
        long t0 = System.nanoTime();
        DataGenerator.Counts n = DataGenerator.generate(c, 42, patients);
        System.out.printf("  %,d patients, %,d visits, %,d diagnoses, %,d prescriptions in %.1f s%n", n.patients(), n.visits(),
                n.diagnoses(), n.prescriptions(), (System.nanoTime() - t0) / 1e9);
    }

    /** The staff account 'demo' with this password (created, or its password replaced). */
    private static void staff(Connection c, String pw) throws Exception {
        boolean exists;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM staff WHERE username = 'demo'"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            exists = rs.getInt(1) > 0;
        }
        try (PreparedStatement ps = c.prepareStatement(exists ? "UPDATE staff SET password_hash = ? WHERE username = 'demo'"
                : "INSERT INTO staff (username, full_name, password_hash) VALUES ('demo', 'Dr. Demo', ?)")) {
            ps.setString(1, Passwords.hash(pw));
            ps.executeUpdate();
        }
    }
}
