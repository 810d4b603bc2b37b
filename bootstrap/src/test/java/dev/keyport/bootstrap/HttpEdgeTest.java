package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.keyport.bootstrap.ProtocolClient.Login;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * What a black-box corpus of hostile requests found the framework letting through, sent as raw bytes
 * on a socket, because a well-behaved HTTP client cannot send most of them: methods in the wrong
 * case, writes to static files, huge bodies, a charset asked for in {@code Accept}, chunk extensions,
 * a client that goes away mid-body.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEdgeTest {
    private KeyportTestServer server;
    private ProtocolClient client;
    private URI base;
    private Login user;

    @BeforeAll
    void start() {
        server = KeyportTestServer.start(Map.of());
        client = server.client();
        base = URI.create(client.baseUrl());
        user = client.registerAndLogIn("edge@example.org");
    }

    @AfterAll
    void stop() {
        server.close();
    }

    record Raw(int status, String head, String body) {
        String header(String name) {
            return head.lines()
                    .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst()
                    .orElse(null);
        }
    }

    /** Writes the bytes, then reads one answer (or whatever arrives until the server closes). */
    private Raw exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Raw read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                received.write(buffer, 0, n);
                String text = received.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                if (end > 0) {
                    Raw partial = new Raw(0, text.substring(0, end), text.substring(end + 4));
                    String length = partial.header("content-length");
                    if (length != null
                            && partial.body().getBytes(StandardCharsets.UTF_8).length >= Integer.parseInt(length)) {
                        break;
                    }
                }
            }
        } catch (SocketTimeoutException e) {
            // the server kept the connection open: what arrived is the answer
        }
        String text = received.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        int status = Integer.parseInt(head.split(" ")[1]);
        return new Raw(status, head, end < 0 ? "" : text.substring(end + 4));
    }

    private static byte[] request(String method, String path, String token, String... headers) {
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n");
        if (token != null) {
            request.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete", "Delete", "DELETe"})
    void a_method_in_the_wrong_case_is_not_run(String method) throws IOException {
        String keyId = client.createKey(user.refreshToken(), "kept-" + method).text("_id");

        Raw answer = exchange(request(method, ProtocolClient.CLIENT + "/auth/api_keys/" + keyId, user.accessToken()));

        assertThat(answer.status()).isEqualTo(501);
        assertThat(answer.body()).contains("\"error_code\":\"NotImplemented\"");
        assertThat(client.get(ProtocolClient.CLIENT + "/auth/api_keys/" + keyId, user.refreshToken())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void an_unknown_method_is_not_implemented() throws IOException {
        assertThat(exchange(request("get", ProtocolClient.APP + "/location", null))
                        .status())
                .isEqualTo(501);
        assertThat(exchange(request("BREW", ProtocolClient.APP + "/location", null))
                        .status())
                .isEqualTo(501);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS"})
    void the_console_files_are_read_only(String method) throws IOException {
        Raw answer = exchange(request(method, "/admin/index.html", null, "Content-Length: 0"));

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).isEqualTo("GET, HEAD");
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(answer.body()).contains("\"error_code\":\"MethodNotAllowed\"");
        // the edge's refusal is finished like every other answer: security headers, the request id
        assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
        assertThat(answer.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(answer.header("X-Request-Id")).isNotBlank();
        assertThat(exchange(request("GET", "/admin/index.html", null)).status()).isEqualTo(200);
        assertThat(exchange(request("HEAD", "/admin/index.html", null)).status())
                .isEqualTo(200);
    }

    @Test
    void a_body_larger_than_the_limit_is_refused_before_it_is_read_on_every_route() throws IOException {
        for (String path : List.of("/admin/index.html", ProtocolClient.CLIENT + "/auth/api_keys", "/no/such/route")) {
            Raw answer = exchange(request(
                    "POST", path, user.refreshToken(), "Content-Type: application/json", "Content-Length: 50000000"));
            assertThat(answer.status()).as(path).isEqualTo(413);
            assertThat(answer.body()).as(path).contains("\"error_code\":\"PayloadTooLarge\"");
        }
    }

    @Test
    void a_chunked_body_that_grows_past_the_limit_is_refused() throws IOException {
        byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 8; i++) { // 128 KiB, twice the limit
            body.writeBytes(chunk);
        }
        Raw answer = exchange(
                concat(request("PUT", "/admin/index.html", null, "Transfer-Encoding: chunked"), body.toByteArray()));
        assertThat(answer.status()).isIn(405, 413);
        answer = exchange(concat(
                request(
                        "POST",
                        ProtocolClient.CLIENT + "/auth/api_keys",
                        user.refreshToken(),
                        "Content-Type: application/json",
                        "Transfer-Encoding: chunked"),
                body.toByteArray()));
        assertThat(answer.status()).isEqualTo(413);
    }

    @Test
    void json_answers_do_not_echo_a_charset_from_accept() throws IOException {
        for (String path : List.of(ProtocolClient.APP + "/location", ProtocolClient.CLIENT + "/auth/profile")) {
            Raw answer = exchange(request("GET", path, user.accessToken(), "Accept: application/json;charset=utf-16"));
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.header("Content-Type")).as(path).isEqualTo("application/json");
        }
        Raw refused = exchange(request(
                "GET",
                ProtocolClient.CLIENT + "/auth/profile",
                "not-a-token",
                "Accept: application/json;charset=utf-16"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void a_chunk_the_decoder_refuses_is_a_bad_request_and_nothing_after_it_runs() throws IOException {
        String body = "{\"name\":\"from-a-chunk-with-an-extension\"}";
        // the bytes after the refused chunk line look like a second request; they must not run either
        String smuggled = "POST " + ProtocolClient.CLIENT
                + "/auth/api_keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + user.refreshToken()
                + "\r\nContent-Type: application/json\r\nContent-Length: 23\r\n\r\n{\"name\":\"smuggled-key\"}";
        Raw answer = exchange(concat(
                request(
                        "POST",
                        ProtocolClient.CLIENT + "/auth/api_keys",
                        user.refreshToken(),
                        "Content-Type: application/json",
                        "Transfer-Encoding: chunked"),
                (Integer.toHexString(body.length()) + ";ext=1\r\n" + body + "\r\n0\r\n\r\n" + smuggled)
                        .getBytes(StandardCharsets.UTF_8)));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("\"error_code\":\"BadRequest\"");
        String keys = client.get(ProtocolClient.CLIENT + "/auth/api_keys", user.refreshToken())
                .body();
        assertThat(keys).doesNotContain("from-a-chunk-with-an-extension").doesNotContain("smuggled-key");
    }

    @Test
    void chunk_extensions_netty_accepts_keep_their_body() throws IOException {
        String body = "{\"name\":\"quoted-extension\"}";
        Raw answer = exchange(concat(
                request(
                        "POST",
                        ProtocolClient.CLIENT + "/auth/api_keys",
                        user.refreshToken(),
                        "Content-Type: application/json",
                        "Transfer-Encoding: chunked",
                        "Connection: close"),
                (Integer.toHexString(body.length()) + ";ext=\"v\"\r\n" + body + "\r\n0\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body()).contains("quoted-extension");
    }

    @Test
    void a_client_that_goes_away_mid_body_is_one_info_line() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        try {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.getOutputStream()
                        .write(concat(
                                request(
                                        "POST",
                                        ProtocolClient.APP + "/auth/providers/local-userpass/login",
                                        null,
                                        "Content-Type: application/json",
                                        "Content-Length: 1000"),
                                "{\"user".getBytes(StandardCharsets.UTF_8)));
                socket.getOutputStream().flush();
                Thread.sleep(200);
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (events.list.stream().noneMatch(e -> e.getFormattedMessage().contains("connection closed"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(200);
        } finally {
            root.detachAppender(events);
        }
        List<ILoggingEvent> logged = List.copyOf(events.list);
        assertThat(logged)
                .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .isEmpty();
        assertThat(logged)
                .filteredOn(e -> e.getFormattedMessage().contains("connection closed"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getLevel()).isEqualTo(Level.INFO);
                    assertThat(e.getThrowableProxy()).isNull();
                });
    }
}
