package dev.keyport.adapter.webhook;

import dev.keyport.application.webhooks.port.out.WebhookSender;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts webhook deliveries over HTTP/1.1 on a socket of its own, so that the address connected to is the one
 * checked (ADR 0018):
 * <ul>
 *   <li>the receiver's host is resolved once; every address it resolves to must be permitted by
 *       {@link ReceiverAddresses} (public, or inside {@code KEYPORT_WEBHOOKS_ALLOWED_NETWORKS}), else nothing is
 *       sent; the socket then connects to that checked address, with the original name in {@code Host}, in the TLS
 *       server name (SNI) and in the certificate check. A DNS answer that changes between the check and the connection
 *       (rebinding) cannot move the connection;</li>
 *   <li>one hard deadline covers it all (resolving, connecting, TLS, sending, the status line and headers): a
 *       timer closes the socket when it passes, whatever the receiver trickles;</li>
 *   <li>only the status line and headers are read (at most {@value #MAX_HEAD} bytes), never the body; redirects
 *       are not followed (a 3xx is a failed attempt);</li>
 *   <li>what goes wrong is told to the admin in coarse words only (refused, did not resolve, or no HTTP answer), so
 *       attempts cannot tell an open port from a closed or filtered one; the details go to this class's DEBUG log.</li>
 * </ul>
 */
public final class SocketWebhookSender implements WebhookSender {
    private static final Logger LOG = LoggerFactory.getLogger(SocketWebhookSender.class);
    static final int MAX_HEAD = 16 * 1024;
    static final String REFUSED = "refused: the receiver's address is not public "
            + "(KEYPORT_WEBHOOKS_ALLOWED_NETWORKS allows internal networks); nothing was sent";
    static final String UNRESOLVED = "the receiver's host name did not resolve";
    static final String NO_ANSWER =
            "no HTTP answer within the deadline (connection failed, timed out, or TLS or protocol error)";

    /** Resolves a host name (or an IP literal) to its addresses. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final ReceiverAddresses addresses;
    private final Duration deadline;
    private final Resolver resolver;
    private final SSLSocketFactory tls;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService lookups;

    public SocketWebhookSender(ReceiverAddresses addresses, Duration deadline) {
        this(addresses, deadline, InetAddress::getAllByName, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    public SocketWebhookSender(
            ReceiverAddresses addresses, Duration deadline, Resolver resolver, SSLSocketFactory tls) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("the webhook attempt deadline must be positive");
        }
        this.addresses = addresses;
        this.deadline = deadline;
        this.resolver = resolver;
        this.tls = tls;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "webhook-deadline");
            thread.setDaemon(true);
            return thread;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        this.lookups = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "webhook-dns");
            thread.setDaemon(true);
            return thread;
        });
    }

    private record Target(boolean https, String host, int port, String hostHeader, String path) {
        static Target of(String url) {
            URI uri = URI.create(url);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost();
            if (host == null || !(scheme.equals("http") || scheme.equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL with a host");
            }
            boolean https = scheme.equals("https");
            int port = uri.getPort() < 0 ? (https ? 443 : 80) : uri.getPort();
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("no such port");
            }
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new Target(https, bare, port, uri.getPort() < 0 ? host : host + ":" + port, path);
        }

        boolean literal() {
            return host.contains(":") || host.matches("[0-9.]+");
        }
    }

    @Override
    public Optional<String> refusal(String url) {
        Target target;
        try {
            target = Target.of(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("must be an absolute http or https URL");
        }
        try {
            if (!addresses.permitsAll(resolve(target.host(), System.nanoTime() + deadline.toNanos()))) {
                return Optional.of(
                        "must not point to a loopback, private, link-local or other non-public address "
                                + "(its host is or resolves to one); KEYPORT_WEBHOOKS_ALLOWED_NETWORKS allows internal receivers");
            }
        } catch (UnknownHostException | TimeoutException e) {
            // not resolvable now: accepted; every delivery checks the addresses it resolves to then
        } catch (RuntimeException e) {
            // whatever else a hostile name does to the lookup, it is refused as a URL, never a 500
            return Optional.of("must be an absolute http or https URL with a valid host name");
        }
        return Optional.empty();
    }

    private InetAddress[] resolve(String host, long deadlineNanos) throws UnknownHostException, TimeoutException {
        Future<InetAddress[]> lookup = lookups.submit(() -> resolver.resolve(host));
        try {
            return lookup.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException unknown) {
                throw unknown;
            }
            throw new UnknownHostException(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        } catch (TimeoutException e) {
            lookup.cancel(true);
            throw e;
        }
    }

    @Override
    public int post(String url, Map<String, String> headers, String body) throws Unreachable {
        try {
            return attempt(url, headers, body);
        } catch (RuntimeException e) {
            LOG.debug("webhook receiver {} failed: {}", url, e.toString());
            throw new Unreachable(NO_ANSWER);
        }
    }

    private int attempt(String url, Map<String, String> headers, String body) throws Unreachable {
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        Target target;
        try {
            target = Target.of(url);
        } catch (IllegalArgumentException e) {
            throw new Unreachable("not an http or https URL");
        }
        InetAddress[] resolved;
        try {
            resolved = resolve(target.host(), deadlineNanos);
        } catch (UnknownHostException e) {
            LOG.debug("webhook receiver {} did not resolve: {}", url, e.toString());
            throw new Unreachable(UNRESOLVED);
        } catch (TimeoutException e) {
            throw new Unreachable(NO_ANSWER);
        }
        if (!addresses.permitsAll(resolved)) {
            LOG.debug("webhook receiver {} refused: it resolves to {}", url, List.of(resolved));
            throw new Unreachable(REFUSED);
        }
        IOException last = null;
        for (InetAddress address : resolved) {
            if (System.nanoTime() >= deadlineNanos) {
                break;
            }
            Socket socket = new Socket();
            ScheduledFuture<?> guard = timer.schedule(
                    () -> closeQuietly(socket), Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            try {
                try {
                    socket.connect(new InetSocketAddress(address, target.port()), remainingMillis(deadlineNanos));
                } catch (IOException e) {
                    last = e;
                    continue; // the next address, if any, within the same deadline
                }
                return exchange(socket, target, headers, body, deadlineNanos);
            } catch (IOException e) {
                LOG.debug("webhook receiver {} ({}) gave no HTTP answer: {}", url, address, e.toString());
                throw new Unreachable(NO_ANSWER);
            } finally {
                guard.cancel(false);
                closeQuietly(socket);
            }
        }
        LOG.debug("webhook receiver {} could not be reached: {}", url, String.valueOf(last));
        throw new Unreachable(NO_ANSWER);
    }

    private int exchange(Socket connected, Target target, Map<String, String> headers, String body, long deadlineNanos)
            throws IOException {
        Socket socket = connected;
        if (target.https()) {
            SSLSocket secure = (SSLSocket) tls.createSocket(connected, target.host(), target.port(), true);
            SSLParameters parameters = secure.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (!target.literal()) {
                parameters.setServerNames(List.of(new SNIHostName(target.host())));
            }
            secure.setSSLParameters(parameters);
            secure.setSoTimeout(remainingMillis(deadlineNanos));
            secure.startHandshake();
            socket = secure;
        }
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST ")
                .append(target.path())
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(target.hostHeader())
                .append("\r\n");
        headers.forEach((name, value) ->
                head.append(field(name)).append(": ").append(field(value)).append("\r\n"));
        head.append("User-Agent: Keyport-Webhooks/1\r\nContent-Length: ")
                .append(payload.length)
                .append("\r\nConnection: close\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(payload);
        out.flush();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 1024);
        int read = 0;
        while (true) {
            socket.setSoTimeout(remainingMillis(deadlineNanos));
            String statusLine = line(in, read);
            read += statusLine.length() + 2;
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[1-5][0-9][0-9]")) {
                throw new IOException("not an HTTP/1 status line");
            }
            int status = Integer.parseInt(parts[1]);
            // the headers, up to the blank line; the body is never read
            String header;
            do {
                socket.setSoTimeout(remainingMillis(deadlineNanos));
                header = line(in, read);
                read += header.length() + 2;
            } while (!header.isEmpty());
            if (status >= 200) {
                return status; // 1xx (informational) is followed by the real answer
            }
        }
    }

    /** One line of the answer's head, without its CRLF; the whole head is at most {@value #MAX_HEAD} bytes. */
    private static String line(InputStream in, int readBefore) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the answer ended inside its head");
            }
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
            if (readBefore + line.length() > MAX_HEAD) {
                throw new IOException("the answer's head is longer than " + MAX_HEAD + " bytes");
            }
        }
    }

    /** Header names and values we send never carry CR or LF (no header injection, whatever they hold). */
    private static String field(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    private static int remainingMillis(long deadlineNanos) throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            throw new IOException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
    }
}
