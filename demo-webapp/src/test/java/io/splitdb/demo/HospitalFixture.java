package io.splitdb.demo;

import io.splitdb.crypto.KeystoreFile;
import io.splitdb.crypto.MasterKey;
import io.splitdb.embedded.BackendTrio;
import org.example.hospital.Passwords;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * The hospital app twice over the same generated data: on a plain {@code jdbc:mysql:} database of
 * one backend, and on {@code jdbc:split:} over all three with the demo's policy (and the inspector).
 */
record HospitalFixture(DemoWebServer plain, DemoWebServer split) {

    static HospitalFixture start(BackendTrio trio, String name, int patients, String password) throws Exception {
        String database = name + "_" + ProcessHandle.current().pid();
        Path dir = Files.createDirectories(Path.of("target/it").resolve(database));
        trio.createDatabase(database + "_plain");
        String plainUrl = trio.jdbcUrls(database + "_plain").get(0);
        load(DriverManager.getConnection(plainUrl, trio.user(), trio.password()), patients, password);
        DemoWebServer plain = new DemoWebServer(0, dir.resolve("plain"), properties(dir.resolve("plain.properties"), plainUrl,
                trio.user(), trio.password()), null);
        trio.createDatabase(database);
        Path config = splitConfig(trio, database, dir);
        load(DriverManager.getConnection("jdbc:split:" + config), patients, password);
        DemoWebServer split = new DemoWebServer(0, dir.resolve("split"), properties(dir.resolve("split.properties"), "jdbc:split:" + config,
                "", ""), config);
        return new HospitalFixture(plain, split);
    }

    static Path splitConfig(BackendTrio trio, String database, Path dir) throws Exception {
        KeystoreFile.create(dir.resolve("keys.p12"), "test-password".toCharArray(), MasterKey.generate());
        StringBuilder y = new StringBuilder("backends:\n");
        for (String u : trio.jdbcUrls(database)) {
            y.append("  - url: \"").append(u).append("\"\n    user: \"").append(trio.user()).append("\"\n    password: \"")
                    .append(trio.password() == null ? "" : trio.password()).append("\"\n");
        }
        y.append("keys:\n  keystore: keys.p12\n  password: test-password\n");
        try (InputStream in = HospitalFixture.class.getResourceAsStream("/hospital/policy.yaml")) {
            y.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Path config = dir.resolve("split.yaml");
        Files.writeString(config, y.toString());
        return config;
    }

    static Path properties(Path file, String url, String user, String password) throws Exception {
        Files.writeString(file, "jdbc.url=" + url.replace("\\", "\\\\") + "\njdbc.user=" + (user == null ? "" : user)
                + "\njdbc.password=" + (password == null ? "" : password) + "\n");
        return file;
    }

    /** The schema script, the generated data and the staff account 'demo', on {@code c} (closed after). */
    static void load(Connection c, int patients, String password) throws Exception {
        try (c; Statement s = c.createStatement(); InputStream in = HospitalFixture.class.getResourceAsStream("/hospital/schema.sql")) {
            String script = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            for (String sql : script.split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
            DataGenerator.generate(c, 42, patients);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO staff (username, full_name, password_hash) VALUES ('demo', 'Dr. Demo', ?)")) {
                ps.setString(1, Passwords.hash(password));
                ps.executeUpdate();
            }
        }
    }
}
