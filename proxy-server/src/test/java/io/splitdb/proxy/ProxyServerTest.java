package io.splitdb.proxy;

import io.splitdb.proxy.auth.NativePassword;
import io.splitdb.proxy.auth.ProxyUser;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The server without a database: it greets with HandshakeV10, refuses unknown users, and stops listening when closed. */
class ProxyServerTest {
    private static ProxyConfig config() {
        return new ProxyConfig(0, Map.of("app", new ProxyUser("app", NativePassword.doubleSha1("pw"))), 10, 1 << 20, 0);
    }

    @Test
    void greetsAndStopsListeningWhenClosed() throws Exception {
        int port;
        try (ProxyServer server = new ProxyServer(Path.of("does-not-matter.yaml"), config())) {
            port = server.start();
            try (Socket s = new Socket("127.0.0.1", port)) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                byte[] header = new byte[4];
                in.readFully(header);
                assertThat(header[3]).as("sequence id").isZero();
                int protocol = in.readUnsignedByte();
                assertThat(protocol).isEqualTo(10);
                byte[] version = new byte[14];
                in.readFully(version);
                assertThat(new String(version, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("8.0.36-splitdb");
            }
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).as("the port no longer accepts").isInstanceOf(IOException.class);
    }
}
