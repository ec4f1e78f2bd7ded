package io.splitdb.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/splitdb demo} as a user runs it, in a process of its own: it prints the app's and the
 * inspector's addresses and the mariadb command, all three answer, and a second start on the same
 * folder comes back to the same data.
 */
class DemoCommandIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "splitdb");

    private record Started(Process process, List<String> lines) {
        String line(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + lines));
        }
    }

    private static Started start(Path data, String... extra) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString(), "demo", "--data", data.toString(), "--port", "0", "--proxy-port", "0",
                "--patients", "300"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            System.out.println("demo> " + line);
            lines.add(line);
            if (line.contains("Ctrl-C to stop")) {
                return new Started(p, lines);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the demo did not come up: " + lines);
    }

    private static String signIn(HttpClient http, String app, String password) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app + "login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=demo&password=" + password)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    @Test
    void oneCommandStartsEverythingAndARestartKeepsTheData() throws Exception {
        Path data = Path.of("target", "demo-it-" + ProcessHandle.current().pid()).toAbsolutePath();
        Started first = start(data, "--password", "Demo-pw-1");
        try {
            Matcher app = Pattern.compile("Hospital app:\\s+(http://127\\.0\\.0\\.1:\\d+/)").matcher(first.line("Hospital app:"));
            assertThat(app.find()).isTrue();
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(app.group(1))).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("Sign in");
            assertThat(signIn(http, app.group(1), "Demo-pw-1")).contains("300 patients");
            String inspector = first.line("Inspector:").replaceAll("^Inspector:\\s+(\\S+).*$", "$1");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(inspector)).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("Backend 0 stores", "Backend 2 stores", "name_bidx");
            // the printed mariadb command, as printed, through the proxy
            String command = first.line("MySQL clients:").replaceFirst("^MySQL clients:\\s+", "");
            List<String> argv = new ArrayList<>(List.of(command.split(" ")));
            argv.addAll(List.of("--batch", "-e", "SELECT COUNT(*) FROM patients"));
            Process client = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(client.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(output).contains("300");
        } finally {
            first.process().destroy(); // SIGTERM, as Ctrl-C
            assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).as("the demo stops on SIGTERM").isTrue();
        }
        assertThat(Files.exists(data.resolve("hospital.p12"))).isTrue();
        Started again = start(data);
        try {
            assertThat(again.lines()).noneMatch(l -> l.startsWith("Creating the hospital schema"));
            String app = again.line("Hospital app:").replaceAll("^Hospital app:\\s+(\\S+).*$", "$1");
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();
            assertThat(signIn(http, app, "Demo-pw-1")).as("the same account and the same 300 patients").contains("300 patients");
        } finally {
            again.process().destroy();
            again.process().waitFor(60, TimeUnit.SECONDS);
        }
    }
}
