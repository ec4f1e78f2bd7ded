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
    void printsAFreshBase64KeyEachTime() {
        String first = capture("keygen", "--print");
        String second = capture("keygen", "--print");
        assertThat(MasterKey.fromBase64(first.trim()).bytes()).hasSize(32);
        assertThat(first).isNotEqualTo(second);
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
