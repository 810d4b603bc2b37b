package dev.keyport.adapter.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.application.webhooks.port.out.WebhookSender;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The receiver address policy and the socket sender, against a receiver on 127.0.0.1 and a resolver the test
 * controls (DNS rebinding: the name resolves to a public address at registration, then to loopback).
 */
class SocketWebhookSenderTest {
    private ServerSocket receiver;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!receiver.isClosed()) {
                try (Socket socket = receiver.accept()) {
                    connections.incrementAndGet();
                    InputStream in = socket.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int c = in.read();
                        if (c < 0) {
                            break;
                        }
                        head.append((char) c);
                    }
                    requests.add(head.toString());
                    OutputStream out = socket.getOutputStream();
                    out.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\nok"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (Exception e) {
                    // the next connection
                }
            }
        });
    }

    @AfterEach
    void stopReceiver() throws Exception {
        receiver.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.255.0.1",
                "0.0.0.0",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "169.254.0.1",
                "100.64.0.1",
                "100.127.255.255",
                "192.0.0.1",
                "192.0.2.1",
                "198.18.0.1",
                "198.51.100.1",
                "203.0.113.1",
                "224.0.0.1",
                "239.255.255.250",
                "240.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "::ffff:10.0.0.1",
                "::127.0.0.1",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "ff02::1",
                "fec0::1",
                "64:ff9b::a9fe:a9fe",
                "64:ff9b::7f00:1",
                "2002:7f00:1::1",
                "2002:a9fe:a9fe::",
                "2001:0:4136:e378::1",
                "2001:db8::1",
                "100::1",
                "0:0:0:0:0:ffff:7f00:1"
            })
    void non_public_addresses_are_refused_unless_allowed(String literal) throws Exception {
        InetAddress address = InetAddress.getByName(literal);
        assertThat(ReceiverAddresses.allowing("").permits(address)).as(literal).isFalse();
        assertThat(ReceiverAddresses.allowing("0.0.0.0/0, ::/0").permits(address))
                .as(literal + " allowed")
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.215.14",
                "8.8.8.8",
                "1.1.1.1",
                "100.128.0.1",
                "172.32.0.1",
                "2606:4700:4700::1111",
                "2a00:1450:4001:80b::200e",
                "::ffff:8.8.8.8",
                "64:ff9b::808:808",
                "2002:808:808::1"
            })
    void public_addresses_are_permitted(String literal) throws Exception {
        assertThat(ReceiverAddresses.allowing("").permits(InetAddress.getByName(literal)))
                .as(literal)
                .isTrue();
    }

    @Test
    void the_allow_list_takes_exact_networks_and_refuses_anything_else_with_a_clear_message() throws Exception {
        ReceiverAddresses allowed = ReceiverAddresses.allowing("127.0.0.1/32, 10.1.0.0/16, fd00::/8");
        assertThat(allowed.permits(InetAddress.getByName("127.0.0.1"))).isTrue();
        assertThat(allowed.permits(InetAddress.getByName("::ffff:127.0.0.1")))
                .as("mapped form of an allowed address")
                .isTrue();
        assertThat(allowed.permits(InetAddress.getByName("127.0.0.2"))).isFalse();
        assertThat(allowed.permits(InetAddress.getByName("10.1.255.1"))).isTrue();
        assertThat(allowed.permits(InetAddress.getByName("10.2.0.1"))).isFalse();
        assertThat(allowed.permits(InetAddress.getByName("fd12::1"))).isTrue();
        assertThat(allowed.permits(InetAddress.getByName("fc00::1"))).isFalse();
        for (String bad : List.of("localhost/32", "10.0.0.0/33", "10.0.0.0/x", "example.org", "::/129")) {
            assertThatThrownBy(() -> ReceiverAddresses.allowing(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("KEYPORT_WEBHOOKS_ALLOWED_NETWORKS");
        }
    }

    @Test
    void a_name_that_rebinds_to_loopback_after_registration_is_refused_at_delivery_and_nothing_connects()
            throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        SocketWebhookSender sender = new SocketWebhookSender(
                ReceiverAddresses.allowing(""),
                Duration.ofSeconds(2),
                host -> lookups.getAndIncrement() == 0
                        ? new InetAddress[] {InetAddress.getByName("93.184.215.14")}
                        : new InetAddress[] {InetAddress.getLoopbackAddress()},
                (SSLSocketFactory) SSLSocketFactory.getDefault());
        String url = "http://rebind.example:" + receiver.getLocalPort() + "/hook";
        assertThat(sender.refusal(url)).as("public at registration").isEmpty();
        assertThatThrownBy(() -> sender.post(url, Map.of(), "{}"))
                .isInstanceOf(WebhookSender.Unreachable.class)
                .hasMessage(SocketWebhookSender.REFUSED);
        assertThat(connections).as("never connected").hasValue(0);
    }

    @Test
    void one_non_public_address_among_those_a_name_resolves_to_refuses_it_all() throws Exception {
        SocketWebhookSender sender = new SocketWebhookSender(
                ReceiverAddresses.allowing(""),
                Duration.ofSeconds(2),
                host -> new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getLoopbackAddress()},
                (SSLSocketFactory) SSLSocketFactory.getDefault());
        String url = "http://mixed.example:" + receiver.getLocalPort() + "/hook";
        assertThat(sender.refusal(url))
                .hasValueSatisfying(refusal -> assertThat(refusal).contains("non-public"));
        assertThatThrownBy(() -> sender.post(url, Map.of(), "{}")).hasMessage(SocketWebhookSender.REFUSED);
        assertThat(new SocketWebhookSender(ReceiverAddresses.allowing(""), Duration.ofSeconds(2))
                        .refusal("http://localhost/x"))
                .as("localhost resolves to loopback")
                .isPresent();
        assertThat(connections).hasValue(0);
    }

    @Test
    void an_allowed_receiver_is_reached_on_the_checked_address_with_the_original_host_header() throws Exception {
        SocketWebhookSender sender = new SocketWebhookSender(
                ReceiverAddresses.allowing("127.0.0.1/32"),
                Duration.ofSeconds(5),
                host -> {
                    if (!host.equals("hooks.internal")) {
                        throw new UnknownHostException(host);
                    }
                    return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
                },
                (SSLSocketFactory) SSLSocketFactory.getDefault());
        String url = "http://hooks.internal:" + receiver.getLocalPort() + "/hook?x=1";
        assertThat(sender.refusal(url)).isEmpty();
        assertThat(sender.post(url, Map.of("Keyport-Event", "key.created\r\nX-Injected: 1"), "{\"a\":1}"))
                .isEqualTo(202);
        assertThat(requests)
                .singleElement()
                .satisfies(request -> assertThat(request)
                        .startsWith(
                                "POST /hook?x=1 HTTP/1.1\r\nHost: hooks.internal:" + receiver.getLocalPort() + "\r\n")
                        .contains("Content-Length: 7\r\n")
                        .contains("Keyport-Event: key.created  X-Injected: 1\r\n")
                        .doesNotContain("\nX-Injected"));
        assertThatThrownBy(() -> sender.post("http://nowhere.internal/", Map.of(), "{}"))
                .hasMessage(SocketWebhookSender.UNRESOLVED);
    }

    @Test
    void connection_failures_are_told_in_coarse_words_only() throws Exception {
        int closedPort;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = closed.getLocalPort();
        }
        SocketWebhookSender sender =
                new SocketWebhookSender(ReceiverAddresses.allowing("127.0.0.1/32"), Duration.ofSeconds(2));
        assertThatThrownBy(() -> sender.post("http://127.0.0.1:" + closedPort + "/", Map.of(), "{}"))
                .hasMessage(SocketWebhookSender.NO_ANSWER);
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // accepts (the kernel does) and never answers: the deadline ends it, with the same words
            assertThatThrownBy(() -> sender.post("http://127.0.0.1:" + silent.getLocalPort() + "/", Map.of(), "{}"))
                    .hasMessage(SocketWebhookSender.NO_ANSWER);
        }
    }

    /** A PKCS#12 key store with one self-signed EC certificate for {@code hooks.internal}, made by keytool. */
    private static java.security.KeyStore selfSigned(java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("hook.p12");
        Process keytool = new ProcessBuilder(
                        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "hook",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=hooks.internal",
                        "-ext",
                        "SAN=dns:hooks.internal",
                        "-validity",
                        "2",
                        "-keystore",
                        file.toString(),
                        "-storepass",
                        "changeit",
                        "-storetype",
                        "PKCS12")
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            store.load(in, "changeit".toCharArray());
        }
        return store;
    }

    @Test
    void https_connects_to_the_checked_address_with_the_name_in_sni_and_in_the_certificate_check(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.security.KeyStore store = selfSigned(dir);
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        keys.init(store, "changeit".toCharArray());
        javax.net.ssl.SSLContext serverContext = javax.net.ssl.SSLContext.getInstance("TLS");
        serverContext.init(keys.getKeyManagers(), null, null);
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        trust.init(store);
        javax.net.ssl.SSLContext clientContext = javax.net.ssl.SSLContext.getInstance("TLS");
        clientContext.init(null, trust.getTrustManagers(), null);

        List<String> serverNames = new CopyOnWriteArrayList<>();
        try (javax.net.ssl.SSLServerSocket tlsReceiver = (javax.net.ssl.SSLServerSocket)
                serverContext.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> {
                while (!tlsReceiver.isClosed()) {
                    try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tlsReceiver.accept()) {
                        socket.startHandshake();
                        ((javax.net.ssl.ExtendedSSLSession) socket.getSession())
                                .getRequestedServerNames()
                                .forEach(name -> serverNames.add(((javax.net.ssl.SNIHostName) name).getAsciiName()));
                        InputStream in = socket.getInputStream();
                        StringBuilder head = new StringBuilder();
                        while (!head.toString().endsWith("\r\n\r\n")) {
                            int c = in.read();
                            if (c < 0) {
                                break;
                            }
                            head.append((char) c);
                        }
                        requests.add(head.toString());
                        socket.getOutputStream()
                                .write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        socket.getOutputStream().flush();
                    } catch (Exception e) {
                        // a refused handshake: the next connection
                    }
                }
            });
            SocketWebhookSender sender = new SocketWebhookSender(
                    ReceiverAddresses.allowing("127.0.0.1/32"),
                    Duration.ofSeconds(5),
                    host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")},
                    clientContext.getSocketFactory());
            assertThat(sender.post("https://hooks.internal:" + tlsReceiver.getLocalPort() + "/hook", Map.of(), "{}"))
                    .isEqualTo(204);
            assertThat(serverNames).containsExactly("hooks.internal");
            assertThat(requests)
                    .singleElement()
                    .satisfies(request -> assertThat(request)
                            .contains("Host: hooks.internal:" + tlsReceiver.getLocalPort() + "\r\n"));
            assertThatThrownBy(() -> sender.post(
                            "https://other.internal:" + tlsReceiver.getLocalPort() + "/hook", Map.of(), "{}"))
                    .as("the certificate must name the host of the URL, not just be trusted")
                    .hasMessage(SocketWebhookSender.NO_ANSWER);
            assertThat(requests).hasSize(1);
        }
    }

    /** A receiver that answers every request with {@code answer}, as raw bytes. */
    private static ServerSocket answering(String answer) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    socket.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    Thread.sleep(200);
                } catch (Exception e) {
                    // the next connection
                }
            }
        });
        return server;
    }

    @Test
    void redirects_are_not_followed_and_an_oversized_or_garbled_head_is_no_answer() throws Exception {
        SocketWebhookSender sender =
                new SocketWebhookSender(ReceiverAddresses.allowing("127.0.0.1/32"), Duration.ofSeconds(3));
        try (ServerSocket redirecting = answering("HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:"
                        + receiver.getLocalPort() + "/hook\r\nContent-Length: 0\r\n\r\n");
                ServerSocket oversized = answering("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
                ServerSocket garbled = answering("SSH-2.0-OpenSSH_9.6\r\n")) {
            assertThat(sender.post("http://127.0.0.1:" + redirecting.getLocalPort() + "/", Map.of(), "{}"))
                    .as("a failed attempt, its status kept")
                    .isEqualTo(307);
            assertThat(connections)
                    .as("the redirect's target was never contacted")
                    .hasValue(0);
            assertThatThrownBy(() -> sender.post("http://127.0.0.1:" + oversized.getLocalPort() + "/", Map.of(), "{}"))
                    .hasMessage(SocketWebhookSender.NO_ANSWER);
            assertThatThrownBy(() -> sender.post("http://127.0.0.1:" + garbled.getLocalPort() + "/", Map.of(), "{}"))
                    .as("an open port that does not speak HTTP looks like a closed one")
                    .hasMessage(SocketWebhookSender.NO_ANSWER);
        }
        assertThatThrownBy(() -> sender.post("http://example.org:99999/", Map.of(), "{}"))
                .hasMessage("not an http or https URL");
        assertThat(sender.refusal("http://example.org:99999/")).isPresent();
    }
}
