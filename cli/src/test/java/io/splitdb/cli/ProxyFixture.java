package io.splitdb.cli;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.proxy.ProxyConfig;
import io.splitdb.proxy.ProxyServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/**
 * For the proxy ITs: a split database of their own ({@link CliFixture}) whose configuration gets a
 * {@code proxy:} section, and a {@link ProxyServer} for it on a free port.
 *
 * @param withoutProxySection the same configuration before the section was added
 */
record ProxyFixture(CliFixture db, Path withoutProxySection, ProxyServer server, int port) implements AutoCloseable {

    static ProxyFixture start(BackendTrio trio, String name, String tablesYaml, String proxySection) throws Exception {
        return start(trio, name, tablesYaml, proxySection, System::getenv);
    }

    /** @param env the environment the section's {@code ${NAME}} references are read from */
    static ProxyFixture start(BackendTrio trio, String name, String tablesYaml, String proxySection,
                              Function<String, String> env) throws Exception {
        CliFixture db = CliFixture.create(trio, name, tablesYaml);
        Path without = db.copyOfConfig("no-proxy");
        Files.writeString(db.config, proxySection, StandardOpenOption.APPEND);
        ProxyServer server = new ProxyServer(db.config, ProxyConfig.load(db.config, env).withPort(0));
        return new ProxyFixture(db, without, server, server.start());
    }

    /** A {@code proxy:} section with users whose passwords are given as native hashes: name, hash, name, hash, ... */
    static String users(String... nameAndHash) {
        StringBuilder y = new StringBuilder("proxy:\n  users:\n");
        for (int i = 0; i < nameAndHash.length; i += 2) {
            y.append("    - name: ").append(nameAndHash[i]).append("\n      password-hash: \"").append(nameAndHash[i + 1]).append("\"\n");
        }
        return y.toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
