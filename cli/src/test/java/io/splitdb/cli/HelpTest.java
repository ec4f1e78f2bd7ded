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
        List<List<String>> commands = new ArrayList<>();
        collect(new CommandLine(new SplitDb()), new ArrayList<>(), commands);
        assertThat(commands).extracting(c -> String.join(" ", c)).contains("keygen", "init", "migrate", "check-sql", "verify",
                "repair", "rebuild", "rotate-keys", "reshare", "forget", "audit show", "audit verify", "proxy", "demo", "bench");
        assertSoftly(soft -> {
            for (List<String> command : commands) {
                String name = String.join(" ", command);
                List<String> args = new ArrayList<>(command);
                args.add("--help");
                String[] out = new String[1];
                int code = run(out, args.toArray(String[]::new));
                soft.assertThat(code).as(name + " --help exit code").isZero();
                soft.assertThat(out[0]).as(name + " --help").startsWith("Usage: splitdb " + name).contains("-h, --help");
                soft.assertThat(out[0]).as(name + " --help names its exit codes").contains("Exit codes: ");
            }
        });
    }

    /** Every command below {@code parent}, as the words that name it; a group ("audit") as well as its subcommands. */
    private static void collect(CommandLine parent, List<String> path, List<List<String>> into) {
        parent.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().aliases().length > 0 && List.of(sub.getCommandSpec().aliases()).contains(name)) {
                return;
            }
            List<String> command = new ArrayList<>(path);
            command.add(name);
            into.add(command);
            collect(sub, command, into);
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
