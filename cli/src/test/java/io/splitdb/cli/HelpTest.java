package io.splitdb.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/** {@code --help} on the command and on every subcommand: usage, a description, and the exit codes scripts rely on. */
class HelpTest {

    @Test
    void everySubcommandExplainsItselfAndItsExitCodes() {
        List<String> names = new ArrayList<>(new CommandLine(new SplitDb()).getSubcommands().keySet());
        assertThat(names).contains("keygen", "check-sql", "verify", "repair", "rebuild", "demo");
        assertSoftly(soft -> {
            for (String name : names) {
                String[] out = new String[1];
                int code = run(out, name, "--help");
                soft.assertThat(code).as(name + " --help exit code").isZero();
                soft.assertThat(out[0]).as(name + " --help").startsWith("Usage: splitdb " + name).contains("-h, --help");
                soft.assertThat(out[0]).as(name + " --help names its exit codes").contains("Exit codes: 0 ");
            }
        });
    }

    @Test
    void theCommandListsItsSubcommandsAndRejectsUnknownOnes() {
        String[] out = new String[1];
        assertThat(run(out, "--help")).isZero();
        assertThat(out[0]).contains("Commands:").contains("check-sql").contains("verify");
        assertThat(run(out, "no-such-command")).isEqualTo(2);
        assertThat(run(out, "verify")).as("a missing required option").isEqualTo(2);
    }

    private static int run(String[] out, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            return SplitDb.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            out[0] = bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
