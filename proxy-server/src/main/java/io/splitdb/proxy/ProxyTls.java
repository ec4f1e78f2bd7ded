package io.splitdb.proxy;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code proxy.tls} settings: the server's certificate chain and private key (PEM files, as
 * MySQL's {@code ssl-cert} / {@code ssl-key}) and whether clients must switch to TLS. The
 * {@link SslContext} is built when the configuration is read, so a bad file fails at start.
 */
public record ProxyTls(Path certificate, Path privateKey, boolean require, SslContext context) {

    /** Reads the certificate chain and key; TLS 1.2 and 1.3 only. */
    public static ProxyTls load(Path certificate, Path privateKey, boolean require, String source) throws ProxyConfigException {
        for (Path p : new Path[] {certificate, privateKey}) {
            if (!Files.isReadable(p)) {
                throw new ProxyConfigException(source + ": 'proxy.tls' names " + p + ", which cannot be read");
            }
        }
        try {
            SslContext context = SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                    .protocols("TLSv1.3", "TLSv1.2")
                    .build();
            return new ProxyTls(certificate, privateKey, require, context);
        } catch (SSLException | IllegalArgumentException e) {
            // the message names the file's problem; the key's bytes are never in it
            throw new ProxyConfigException(source + ": 'proxy.tls' certificate " + certificate + " or private key " + privateKey
                    + " is not usable (PEM certificate chain and unencrypted PKCS#8 key expected; convert a PKCS#1 key with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem'): " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public String toString() {
        return "ProxyTls[certificate=" + certificate + ", require=" + require + "]";
    }
}
