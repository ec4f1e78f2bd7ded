package io.splitdb.demo;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hospital app, unchanged, on a plain {@code jdbc:mysql:} URL and on {@code jdbc:split:}: the same
 * requests give the same pages. HTTP only; the browser suite drives the same pages in Chromium.
 */
@ExtendWith(SplitBackendsExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HospitalAppIT {
    static final String PASSWORD = "demo-pass-1";
    static final int PATIENTS = 150;
    static DemoWebServer plain;
    static DemoWebServer split;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        HospitalFixture f = HospitalFixture.start(trio, "hospital", PATIENTS, PASSWORD);
        plain = f.plain();
        split = f.split();
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (DemoWebServer s : new DemoWebServer[] {plain, split}) {
            if (s != null) {
                s.close();
            }
        }
    }

    /** A signed-in browser-like client of one server. */
    static final class Client {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();
        final String base;

        Client(DemoWebServer server) throws Exception {
            this.base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> login = post("/login", form("username", "demo", "password", PASSWORD));
            assertThat(login.uri().getPath()).as("signed in, on to the patient list").isEqualTo("/patients");
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        String csrf(String page) {
            Matcher m = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(page);
            assertThat(m.find()).as("a CSRF token on the page").isTrue();
            return m.group(1);
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }

    /** Form fields as name, value, name, value, ... in order. */
    static Map<String, String> form(String... pairs) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** The texts of the patient list's name links, in order. */
    static List<String> names(String page) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("class=\"patient-link\" href=\"[^\"]*\">([^<]*)</a>").matcher(page);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    @Order(1)
    void theSamePagesOnPlainMySqlAndOnSplitStorage() throws Exception {
        Client p = new Client(plain);
        Client s = new Client(split);
        for (String query : List.of("/patients", "/patients?sort=ward&page=2", "/patients?name=Ad", "/patients?name=Z%C3%B6&sort=admitted",
                "/patients?ssn=" + DataGenerator.ssn(17), "/patients?ward=Oncology&sort=name")) {
            HttpResponse<String> a = p.get(query);
            HttpResponse<String> b = s.get(query);
            assertThat(b.statusCode()).as(query).isEqualTo(200);
            assertThat(names(b.body())).as(query).isEqualTo(names(a.body()));
            assertThat(b.body()).as(query).contains(countOf(a.body()));
        }
        assertThat(names(s.get("/patients?ssn=" + DataGenerator.ssn(17)).body())).hasSize(1);
        String record = s.get("/patient?id=17").body();
        assertThat(record).isEqualTo(p.get("/patient?id=17").body().replace(p.csrf(p.get("/patient?id=17").body()), s.csrf(record)));
        assertThat(s.get("/report").body()).contains("Cardiology").isEqualTo(p.get("/report").body().replace(p.csrf(p.get("/report").body()), s.csrf(s.get("/report").body())));
    }

    private static String countOf(String page) {
        Matcher m = Pattern.compile("<p class=\"count\" id=\"count\">([0-9]+) patients</p>").matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(0);
    }

    @Test
    void createEditVisitDischargeDeleteOnSplitStorage() throws Exception {
        Client s = new Client(split);
        String form = s.get("/patient/edit").body();
        HttpResponse<String> created = s.post("/patient/edit", form("csrf", s.csrf(form), "name", "Émile Zola-Test",
                "ssn", "999-12-3456", "birthDate", "1970-04-02", "phone", "+33 1 23", "ward", "Neurology"));
        assertThat(created.uri().getPath()).isEqualTo("/patient");
        String id = created.uri().getQuery().replace("id=", "");
        assertThat(created.body()).contains("Émile Zola-Test", "999-12-3456", "Neurology");
        HttpResponse<String> visited = s.post("/patient", form("csrf", s.csrf(created.body()), "id", id, "action", "visit",
                "date", "2026-11-20", "doctor", "Dr. House", "notes", "Headache <script>alert(1)</script>", "icd10", "g43.909",
                "diagnosis", "Migraine, unspecified", "drug", "Sumatriptan", "dose", "50 mg", "days", "10"));
        assertThat(visited.body()).contains("Dr. House", "G43.909", "Migraine, unspecified", "Sumatriptan 50 mg, 10 days")
                .contains("Headache &lt;script&gt;").doesNotContain("<script>alert(1)");
        HttpResponse<String> edited = s.post("/patient/edit", form("csrf", s.csrf(visited.body()), "id", id, "name", "Émile Zola",
                "ssn", "999-12-3456", "birthDate", "1970-04-02", "phone", "+33 1 24", "ward", "Cardiology"));
        assertThat(edited.body()).contains("Émile Zola<", "+33 1 24", "Cardiology");
        assertThat(names(s.get("/patients?ssn=999-12-3456").body())).containsExactly("Émile Zola");
        HttpResponse<String> discharged = s.post("/patient", form("csrf", s.csrf(edited.body()), "id", id, "action", "discharge"));
        assertThat(discharged.body()).doesNotContain("still in the ward").doesNotContain("id=\"discharge\"");
        HttpResponse<String> forged = s.post("/patient", form("csrf", "00", "id", id, "action", "delete"));
        assertThat(forged.statusCode()).as("a POST without the session's token").isEqualTo(403);
        HttpResponse<String> deleted = s.post("/patient", form("csrf", s.csrf(discharged.body()), "id", id, "action", "delete"));
        assertThat(deleted.uri().getPath()).isEqualTo("/patients");
        assertThat(s.get("/patient?id=" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void signInIsRequiredAndChecked() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> page = anonymous.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + split.port() + "/patient?id=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.uri().getPath()).isEqualTo("/login");
        assertThat(page.body()).contains("Sign in").doesNotContain("patient-name");
        HttpResponse<String> wrong = anonymous.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + split.port() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=demo&password=nope")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.body()).contains("Unknown user name or wrong password.");
    }

    @Test
    void theInspectorShowsSharesBesideWhatTheAppReads() throws Exception {
        Client s = new Client(split);
        String page = s.get("/inspector?id=17").body();
        String name = Pattern.compile("<h1 id=\"patient-name\">([^<]*)</h1>").matcher(s.get("/patient?id=17").body()).results()
                .findFirst().orElseThrow().group(1);
        assertThat(page).contains("What the application reads", "Backend 0 stores", "Backend 1 stores", "Backend 2 stores", "name_bidx")
                .contains(name).contains(DataGenerator.ssn(17));
        // the backends' sections hold hex shares, never the name
        String backends = page.substring(page.indexOf("Backend 0 stores (patients)"), page.indexOf("What the application reads (visits)"));
        assertThat(backends).doesNotContain(name).doesNotContain(DataGenerator.ssn(17)).containsPattern("0x[0-9a-f]{40,}");
    }
}
