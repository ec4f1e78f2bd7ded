package io.splitdb.demo;

import io.splitdb.embedded.BackendTrio;
import io.splitdb.embedded.SplitBackendsExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hospital app in real headless Chromium (Debian's chromium and chromium-driver): the same
 * browser suite with the app on a plain {@code jdbc:mysql:} URL and on {@code jdbc:split:}.
 * Screenshots go to target/screenshots/.
 */
@ExtendWith(SplitBackendsExtension.class)
class HospitalBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String PASSWORD = "browser-pass-1";
    static HospitalFixture servers;
    WebDriver browser;
    Path profile;

    @BeforeAll
    static void setUp(BackendTrio trio) throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "1".equals(System.getenv("SPLITDB_REQUIRE_CLIENTS"))) {
            throw new AssertionError("chromium and chromium-driver are required (SPLITDB_REQUIRE_CLIENTS=1) but missing");
        }
        assumeTrue(present, "Debian's chromium and chromium-driver are not installed");
        servers = HospitalFixture.start(trio, "browser", 120, PASSWORD);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (servers != null) {
            servers.plain().close();
            servers.split().close();
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private void shot(String system, String name) throws Exception {
        File f = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path dir = Files.createDirectories(Path.of("target/screenshots"));
        Files.copy(f.toPath(), dir.resolve(system + "-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private WebElement byId(String id) {
        return browser.findElement(By.id(id));
    }

    /** Clicks and waits for the next page: a click does not wait for the navigation it starts. */
    private void go(String id) {
        navigate(() -> byId(id).click());
    }

    /**
     * Runs an action that leads to another page and waits until that page has loaded. The old page
     * carries a marker the new one lacks; Chromium's answers to staleness checks during a navigation
     * ("node does not belong to the document", "execution context was destroyed") are waited out.
     */
    private void navigate(Runnable action) {
        ((JavascriptExecutor) browser).executeScript("window.splitdbPreviousPage = true");
        action.run();
        new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(WebDriverException.class).until(d -> Boolean.TRUE.equals(
                ((JavascriptExecutor) d).executeScript(
                        "return window.splitdbPreviousPage === undefined && document.readyState === 'complete'")));
    }

    private void type(String id, String text) {
        WebElement e = byId(id);
        e.clear();
        e.sendKeys(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "split"})
    void aNurseWorksThroughTheApp(String system) throws Exception {
        DemoWebServer server = system.equals("plain") ? servers.plain() : servers.split();
        String base = "http://127.0.0.1:" + server.port();
        browser.get(base + "/patients");
        assertThat(browser.getCurrentUrl()).as("sent to sign in").endsWith("/login");
        type("username", "demo");
        type("password", "wrong");
        go("signin");
        assertThat(byId("error").getText()).contains("wrong password");
        type("username", "demo");
        type("password", PASSWORD);
        go("signin");
        assertThat(byId("count").getText()).isEqualTo("120 patients");
        shot(system, "patients");

        // search: name prefix, SSN, ward; sort
        type("search-name", "Ad");
        go("search");
        List<String> names = browser.findElements(By.className("patient-link")).stream().map(WebElement::getText).toList();
        assertThat(names).isNotEmpty().allMatch(n -> n.startsWith("Ad"));
        type("search-name", "");
        type("search-ssn", DataGenerator.ssn(42));
        go("search");
        assertThat(browser.findElements(By.className("patient-link"))).hasSize(1);
        type("search-ssn", "");
        new Select(byId("search-ward")).selectByVisibleText("Oncology");
        go("search");
        go("sort-name");
        List<String> ward = browser.findElements(By.className("patient-link")).stream().map(WebElement::getText).toList();
        java.text.Collator collator = java.text.Collator.getInstance(java.util.Locale.ROOT);
        collator.setStrength(java.text.Collator.PRIMARY); // accent- and case-insensitive, as the database's collation
        assertThat(ward).isNotEmpty().isSortedAccordingTo(collator::compare);

        // a new patient, a visit, an edit, a discharge, the report, a delete
        browser.get(base + "/patient/edit");
        type("form-name", "Ngozi Okafor-Browser");
        type("form-ssn", "999-77-0001");
        type("form-birth", "1988-02-29");
        type("form-phone", "+234 1 555 0101");
        type("form-ward", "Maternity");
        go("save");
        assertThat(byId("patient-name").getText()).isEqualTo("Ngozi Okafor-Browser");
        type("visit-doctor", "Dr. Adeyemi");
        type("visit-notes", "First prenatal visit.");
        type("visit-icd10", "Z34.00");
        type("visit-diagnosis", "Supervision of normal first pregnancy");
        type("visit-drug", "Folic acid");
        type("visit-dose", "400 mcg daily");
        type("visit-days", "90");
        go("add-visit");
        assertThat(byId("visits").getText()).contains("Dr. Adeyemi", "Z34.00", "Folic acid 400 mcg daily, 90 days");
        shot(system, "patient");
        go("edit");
        type("form-phone", "+234 1 555 0102");
        go("save");
        assertThat(byId("patient-phone").getText()).isEqualTo("+234 1 555 0102");
        go("discharge");
        assertThat(byId("patient-discharged").getText()).doesNotContain("still");
        browser.get(base + "/report");
        assertThat(byId("report").getText()).contains("Maternity", "Oncology");
        shot(system, "report");
        browser.get(base + "/patients?ssn=999-77-0001");
        navigate(() -> browser.findElement(By.className("patient-link")).click());
        if (system.equals("split")) {
            String id = byId("patient-id").getText();
            browser.get(base + "/inspector?id=" + id);
            assertThat(browser.getPageSource()).contains("Backend 1 stores", "name_bidx");
            shot(system, "inspector");
            browser.get(base + "/patient?id=" + id);
        }
        navigate(() -> {
            byId("delete").click();
            browser.switchTo().alert().accept();
        });
        assertThat(browser.getCurrentUrl()).contains("/patients");
        browser.get(base + "/patients?ssn=999-77-0001");
        assertThat(byId("count").getText()).isEqualTo("0 patients");
        go("signout");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }
}
