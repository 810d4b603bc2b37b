package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in real headless Chromium (Debian's {@code chromium} and {@code chromium-driver};
 * {@code CHROME_BIN} and {@code CHROMEDRIVER} override the paths), against the jar started with no
 * admin password configured: the test reads the generated password from the file the log names, as an
 * operator would, signs in, creates a server key, reads the value shown once, logs in with it through the
 * client API, disables the key in the page and sees the next login refused. It leaves a screenshot
 * in {@code target/admin-console.png} (copied to {@code docs/images/} for the docs).
 */
class AdminConsoleBrowserIT {
    private static final String KEY_LOGIN = "/api/client/v2.0/app/keyport/auth/providers/api-key/login";
    private static final Pattern GENERATED = Pattern.compile("generated password, written to\\s+(\\S+admin-password)");

    @Test
    void an_admin_creates_a_server_key_in_the_console_uses_it_and_disables_it() throws Exception {
        String chrome = Optional.ofNullable(System.getenv("CHROME_BIN")).orElse("/usr/bin/chromium");
        String driverPath = Optional.ofNullable(System.getenv("CHROMEDRIVER")).orElse("/usr/bin/chromedriver");
        assertThat(Path.of(chrome))
                .as("Chromium (apt-get install chromium chromium-driver; .ci/run does this)")
                .exists();
        assertThat(Path.of(driverPath))
                .as("chromedriver (apt-get install chromium-driver)")
                .exists();

        try (KeyportProcess server = KeyportProcess.start(
                        Files.createTempDirectory("keyport-console-"),
                        KeyportProcess.freePort(),
                        "keyport-console-server.log",
                        Map.of(
                                "KEYPORT_ADMIN_PASSWORD",
                                "",
                                "KEYPORT_ADMIN_USERNAME",
                                "",
                                // the page's webhook receiver below listens on 127.0.0.1, refused without this
                                "KEYPORT_WEBHOOKS_ALLOWED_NETWORKS",
                                "127.0.0.1/32"))
                .awaitHealthy()) {
            Matcher generated = GENERATED.matcher(server.log());
            assertThat(generated.find())
                    .as("the first start names the file of the generated admin password")
                    .isTrue();
            String password = Files.readString(Path.of(generated.group(1))).strip();

            ChromeOptions options = new ChromeOptions();
            options.setBinary(chrome);
            options.addArguments(
                    "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1500");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(driverPath))
                    .usingAnyFreePort()
                    .build();
            ChromeDriver browser = new ChromeDriver(service, options);
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
                browser.get(server.baseUrl() + "/admin/");

                // a wrong password is shown to the person, not swallowed
                browser.findElement(By.id("password")).sendKeys("not-the-password");
                browser.findElement(By.id("login-button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
                assertThat(browser.findElement(By.id("error")).getText()).contains("InvalidPassword");

                browser.findElement(By.id("password")).clear();
                browser.findElement(By.id("password")).sendKeys(password);
                browser.findElement(By.id("login-button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
                wait.until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("#providers tr[data-provider='api-key']")));

                browser.findElement(By.id("new-key-name")).sendKeys("billing-service");
                browser.findElement(By.id("create-key-button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("created-key")));
                String keyValue =
                        browser.findElement(By.id("created-key-value")).getDomProperty("value");
                assertThat(keyValue).startsWith("kpk_");
                assertThat(browser.findElement(By.id("created-key")).getText()).contains("cannot be shown again");
                By keyRow = By.cssSelector("#server-keys tr[data-key-name='billing-service']");
                wait.until(ExpectedConditions.presenceOfElementLocated(keyRow));
                assertThat(browser.findElement(keyRow).getText())
                        .contains("enabled")
                        .contains("never")
                        .doesNotContain(keyValue);

                HttpResponse<String> login = server.post(KEY_LOGIN, "{\"key\":\"" + keyValue + "\"}");
                assertThat(login.statusCode()).as(login.body()).isEqualTo(200);

                // the admin revokes the server user's sessions from the page: the session just opened ends
                String refreshToken =
                        ProtocolClient.parse(login.body()).get("refresh_token").getStringValue();
                ProtocolClient client = new ProtocolClient(server.baseUrl());
                assertThat(client.post(ProtocolClient.CLIENT + "/auth/session", refreshToken, null)
                                .status())
                        .isEqualTo(201);
                browser.findElement(By.id("user-query"))
                        .sendKeys(ProtocolClient.parse(login.body())
                                .get("user_id")
                                .getStringValue());
                browser.findElement(By.id("lookup-button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("revoke-sessions-button")))
                        .click();
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("revoke-sessions-done")));
                assertThat(client.post(ProtocolClient.CLIENT + "/auth/session", refreshToken, null)
                                .status())
                        .as("the revoked session's refresh")
                        .isEqualTo(401);
                browser.findElement(By.id("user-query")).clear();

                // issue 24: the admin disables, enables, lists and deletes a user from the page
                String email = "console-user-" + System.nanoTime() + "@example.org";
                String userLogin = "{\"username\":\"" + email + "\",\"password\":\"console password\"}";
                assertThat(server.post(
                                        "/api/client/v2.0/app/keyport/auth/providers/local-userpass/register",
                                        "{\"email\":\"" + email + "\",\"password\":\"console password\"}")
                                .statusCode())
                        .isEqualTo(201);
                String passwordLogin = "/api/client/v2.0/app/keyport/auth/providers/local-userpass/login";
                browser.findElement(By.id("user-query")).sendKeys(email);
                browser.findElement(By.id("lookup-button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("disable-user-button")))
                        .click();
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-summary"), "disabled"));
                HttpResponse<String> disabledLogin = server.post(passwordLogin, userLogin);
                assertThat(disabledLogin.statusCode()).isEqualTo(401);
                assertThat(disabledLogin.body()).contains("UserDisabled");
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("enable-user-button")))
                        .click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-summary"), "confirmed"));
                assertThat(server.post(passwordLogin, userLogin).statusCode()).isEqualTo(200);
                browser.findElement(By.id("list-users-button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#user-list td")));
                assertThat(browser.findElement(By.id("user-list")).getText())
                        .contains(email)
                        .contains("confirmed");
                browser.findElement(By.id("delete-user-button")).click();
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-deleted")));
                assertThat(server.post(passwordLogin, userLogin).statusCode()).isEqualTo(401);
                browser.findElement(By.id("user-query")).clear();

                // a duplicate name: the API's refusal appears in the page
                browser.findElement(By.id("new-key-name")).sendKeys("billing-service");
                browser.findElement(By.id("create-key-button")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "APIKeyAlreadyExists"));

                browser.findElement(keyRow)
                        .findElement(By.cssSelector("button.disable"))
                        .click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(keyRow, "disabled"));
                HttpResponse<String> refused = server.post(KEY_LOGIN, "{\"key\":\"" + keyValue + "\"}");
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
                assertThat(refused.body()).contains("AuthError");

                // key lifetimes: a limit on server keys, then a key that expires in 30 days
                browser.findElement(By.id("server-key-max-days")).sendKeys("365");
                browser.findElement(By.id("lifetimes-button")).click();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("lifetimes-saved")));
                assertThat(client.get("/api/admin/v3.0/apps/keyport/api_key_lifetimes", null)
                                .status())
                        .isEqualTo(401);
                browser.findElement(By.id("new-key-name")).clear(); // still holds the refused duplicate's name
                browser.findElement(By.id("new-key-name")).sendKeys("expiring-service");
                browser.findElement(By.id("new-key-days")).sendKeys("30");
                browser.findElement(By.id("create-key-button")).click();
                By expiringRow = By.cssSelector("#server-keys tr[data-key-name='expiring-service']");
                wait.until(ExpectedConditions.presenceOfElementLocated(expiringRow));
                assertThat(browser.findElement(expiringRow).getText())
                        .contains("enabled")
                        .contains(java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                                .plusDays(30)
                                .toString());
                String expiringValue =
                        browser.findElement(By.id("created-key-value")).getDomProperty("value");

                // rolling from the page: a new value shown once, the old one in its grace, then the grace ended early
                browser.findElement(expiringRow)
                        .findElement(By.cssSelector("button.roll"))
                        .click();
                org.openqa.selenium.Alert hoursPrompt = wait.until(ExpectedConditions.alertIsPresent());
                hoursPrompt.sendKeys("1");
                hoursPrompt.accept();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(expiringRow, "previous value until"));
                String rolledValue =
                        browser.findElement(By.id("created-key-value")).getDomProperty("value");
                assertThat(rolledValue).startsWith("kpk_").isNotEqualTo(expiringValue);
                assertThat(server.post(KEY_LOGIN, "{\"key\":\"" + expiringValue + "\"}")
                                .statusCode())
                        .as("old value in grace")
                        .isEqualTo(200);
                browser.findElement(expiringRow)
                        .findElement(By.cssSelector("button.end-grace"))
                        .click();
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(ExpectedConditions.not(
                        ExpectedConditions.textToBePresentInElementLocated(expiringRow, "previous value until")));
                assertThat(server.post(KEY_LOGIN, "{\"key\":\"" + expiringValue + "\"}")
                                .statusCode())
                        .as("grace ended")
                        .isEqualTo(401);
                assertThat(server.post(KEY_LOGIN, "{\"key\":\"" + rolledValue + "\"}")
                                .statusCode())
                        .isEqualTo(200);

                // webhooks: a receiver added from the page gets the next key event, signed; the page lists the delivery
                java.util.List<String> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
                com.sun.net.httpserver.HttpServer receiver =
                        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
                receiver.createContext("/hook", exchange -> {
                    hooks.add(exchange.getRequestHeaders().getFirst("Keyport-Event") + " "
                            + exchange.getRequestHeaders().getFirst("Keyport-Signature"));
                    exchange.getRequestBody().readAllBytes();
                    exchange.sendResponseHeaders(204, -1);
                    exchange.close();
                });
                receiver.start();
                try {
                    browser.findElement(By.id("webhook-url"))
                            .sendKeys(
                                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
                    browser.findElement(By.id("add-webhook-button")).click();
                    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("created-webhook")));
                    assertThat(browser.findElement(By.id("created-webhook-secret"))
                                    .getDomProperty("value"))
                            .startsWith("whsec_");
                    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#webhooks tbody tr"), 1));
                    browser.findElement(expiringRow)
                            .findElement(By.cssSelector("button.disable"))
                            .click();
                    wait.until(ExpectedConditions.textToBePresentInElementLocated(expiringRow, "disabled"));
                    new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> {
                        driver.findElement(By.id("deliveries-refresh")).click();
                        return driver.findElement(By.id("deliveries")).getText().contains("delivered");
                    });
                    assertThat(browser.findElement(By.id("deliveries")).getText())
                            .contains("key.disabled");
                    assertThat(hooks).anySatisfy(hook -> assertThat(hook).startsWith("key.disabled t="));
                } finally {
                    receiver.stop(0);
                }

                // the signing keys: one signs; a rotation from the page adds a published next key, and the JWKS has
                // both
                By signingRows = By.cssSelector("#signing-keys tbody tr");
                wait.until(ExpectedConditions.numberOfElementsToBe(signingRows, 1));
                assertThat(browser.findElement(signingRows).getText()).contains("signing");
                browser.findElement(By.id("rotate-key-button")).click();
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(ExpectedConditions.numberOfElementsToBe(signingRows, 2));
                String nextKid = browser.findElements(signingRows).stream()
                        .filter(row -> row.getText().contains("next"))
                        .findFirst()
                        .orElseThrow()
                        .getDomAttribute("data-kid");
                assertThat(client.get("/.well-known/jwks.json", null).body()).contains(nextKid);

                // a leaked access-token key revoked from the page: unpublished at once, a new key signs
                String leakedKid = browser.findElements(signingRows).stream()
                        .filter(row -> row.getText().contains("signing"))
                        .findFirst()
                        .orElseThrow()
                        .getDomAttribute("data-kid");
                browser.findElement(By.cssSelector("#signing-keys tr[data-kid='" + leakedKid + "'] button.revoke"))
                        .click();
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(
                        driver -> driver.findElements(By.cssSelector("#signing-keys tr[data-kid='" + leakedKid + "']"))
                                .isEmpty());
                assertThat(client.get("/.well-known/jwks.json", null).body()).doesNotContain(leakedKid);

                // the refresh- and admin-token keys: one signs; a rotation with overlap keeps this session
                By tokenKeyRows = By.cssSelector("#token-keys tbody tr");
                wait.until(ExpectedConditions.numberOfElementsToBe(tokenKeyRows, 1));
                assertThat(browser.findElement(tokenKeyRows).getText()).contains("signing");
                browser.findElement(By.id("rotate-token-key-button")).click();
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(ExpectedConditions.numberOfElementsToBe(tokenKeyRows, 2));
                assertThat(browser.findElement(By.id("token-keys")).getText()).contains("next");

                browser.findElement(By.id("audit-refresh")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "key.login_refused"));
                WebElement audit = browser.findElement(By.id("audit"));
                assertThat(audit.getText())
                        .contains("key.disabled")
                        .contains("key.login_succeeded")
                        .contains("user.sessions_revoked")
                        .contains("token.key_rotated")
                        .contains("token.key_revoked")
                        .contains("token.hmac_key_rotated")
                        .contains("provider.key_lifetimes_changed")
                        .contains("key.rolled")
                        .contains("key.grace_ended")
                        .contains("key.created")
                        .doesNotContain(keyValue);

                browser.findElement(By.id("user-query")).sendKeys("nobody@example.org");
                browser.findElement(By.id("lookup-button")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "UserNotFound"));

                Path screenshot = browser.getScreenshotAs(OutputType.FILE).toPath();
                Files.copy(screenshot, Path.of("target/admin-console.png"), StandardCopyOption.REPLACE_EXISTING);

                // an emergency rotation ends every admin and refresh token, this console's too
                browser.findElement(By.id("emergency-token-key-button")).click();
                wait.until(ExpectedConditions.alertIsPresent()).accept();
                wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-section")));
            } finally {
                browser.quit();
            }
        }
    }
}
