package io.splitdb.cli;

import io.splitdb.crypto.MasterKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class KeygenCommandTest {

    @Test
    void writesAFreshBase64KeyToAnOwnerOnlyFileAndNeverPrintsIt(@TempDir Path dir) throws Exception {
        String said = capture("keygen", "--base64-file", dir.resolve("a.key").toString());
        capture("keygen", "--base64-file", dir.resolve("b.key").toString());
        String first = Files.readString(dir.resolve("a.key")).trim();
        String second = Files.readString(dir.resolve("b.key")).trim();
        assertThat(MasterKey.fromBase64(first).bytes()).hasSize(32);
        assertThat(first).isNotEqualTo(second);
        assertThat(said).doesNotContain(first);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.key"))))
                .isEqualTo("rw-------");
        assertThat(SplitDb.run("keygen", "--base64-file", dir.resolve("a.key").toString())).as("never overwrites a key").isEqualTo(1);
        assertThat(Files.readString(dir.resolve("a.key")).trim()).isEqualTo(first);
        assertThat(SplitDb.run("keygen", "--print")).as("there is no way to print a key").isEqualTo(2);
    }

    @Test
    void refusesToOverwriteAKeystore(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("k.p12");
        Files.writeString(keystore, "precious");
        assertThat(SplitDb.run("keygen", "--keystore", keystore.toString())).isEqualTo(1);
        assertThat(Files.readString(keystore)).isEqualTo("precious");
    }

    @Test
    void needsAPasswordForAKeystore(@TempDir Path dir) {
        assertThat(SplitDb.run("keygen", "--keystore", dir.resolve("k.p12").toString(), "--password-env", "SPLITDB_SURELY_UNSET_VAR"))
                .isEqualTo(2);
        assertThat(dir.resolve("k.p12")).doesNotExist();
    }

    private static String capture(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(SplitDb.run(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
