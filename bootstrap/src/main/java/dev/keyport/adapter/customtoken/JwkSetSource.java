package dev.keyport.adapter.customtoken;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.keyport.domain.error.IdentityProviderUnavailable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One identity provider's JSON Web Key set, fetched from its JWK URI and cached. The set is fetched again when it
 * is older than {@code cacheFor}, and when a token names a key id the set does not hold (the provider rotated its
 * keys); but never more than once per {@code minRefetch}, whatever tokens arrive, so made-up key ids cannot make
 * Keyport hammer the provider. One fetch runs at a time; the others wait for it. A fetch is bounded: the URI's
 * addresses must be public (or in the networks the operator allowed; plain http only to those), no redirect is
 * followed, the whole exchange has one deadline, and the body and the number of keys have limits. A failed fetch
 * keeps the keys known before (logged), so an outage of the provider does not end logins whose keys are known.
 */
public final class JwkSetSource {
    private static final Logger LOG = LoggerFactory.getLogger(JwkSetSource.class);
    private static final ExecutorService READERS = Executors.newVirtualThreadPerTaskExecutor();

    /** The limits of fetching, the same for every provider. */
    public record Settings(
            Duration cacheFor,
            Duration minRefetch,
            Duration fetchTimeout,
            int maxBytes,
            int maxKeys,
            AddressPolicy addresses) {}

    /** Which addresses a JWK URI may lead to (bootstrap builds it from the operator's allowed networks). */
    public interface AddressPolicy {
        /** Public, or inside a network the operator allowed. */
        boolean permits(InetAddress address);

        boolean isPublic(InetAddress address);
    }

    private record Snapshot(List<JWK> keys, long fetchedAt) {}

    private final URI uri;
    private final Settings settings;
    private final HttpClient http;
    private final LongSupplier nanos;
    private volatile Snapshot snapshot;
    private volatile long lastAttempt;
    private volatile boolean attempted;

    JwkSetSource(String uri, Settings settings, HttpClient http, LongSupplier nanos) {
        this.uri = URI.create(uri);
        this.settings = settings;
        this.http = http;
        this.nanos = nanos;
    }

    /**
     * The keys that may have signed a token with this key id ({@code null}: the token names none), fetching the
     * set when it is stale or does not know the id, within the refetch limit.
     *
     * @throws IdentityProviderUnavailable no set could be fetched yet
     */
    List<JWK> keysFor(String kid) {
        Snapshot current = snapshot;
        if (current == null
                || nanos.getAsLong() - current.fetchedAt() > settings.cacheFor().toNanos()) {
            current = refresh(current);
        }
        List<JWK> matching = matching(current, kid);
        if (matching.isEmpty() && kid != null) {
            matching = matching(refresh(current), kid);
        }
        return matching;
    }

    private static List<JWK> matching(Snapshot snapshot, String kid) {
        return kid == null
                ? snapshot.keys()
                : snapshot.keys().stream()
                        .filter(key -> kid.equals(key.getKeyID()))
                        .toList();
    }

    /** Fetches unless another thread did since {@code seen}, or the last attempt is younger than the limit. */
    private synchronized Snapshot refresh(Snapshot seen) {
        Snapshot current = snapshot;
        if (current != seen && current != null) {
            return current; // fetched while this thread waited
        }
        long now = nanos.getAsLong();
        if (attempted && now - lastAttempt < settings.minRefetch().toNanos()) {
            if (current == null) {
                throw new IdentityProviderUnavailable("the last fetch of the JWK URI failed; retried at most every "
                        + settings.minRefetch().toSeconds() + " s");
            }
            return current;
        }
        attempted = true;
        lastAttempt = now;
        try {
            Snapshot fetched = new Snapshot(fetch(), nanos.getAsLong());
            snapshot = fetched;
            return fetched;
        } catch (IdentityProviderUnavailable e) {
            LOG.warn(
                    "custom-token: cannot read the JWK set at {}: {}{}",
                    uri,
                    e.getMessage(),
                    current == null ? "" : " (the keys fetched before stay in use)");
            if (current == null) {
                throw e;
            }
            return current;
        }
    }

    private List<JWK> fetch() {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new IdentityProviderUnavailable("the JWK URI's host does not resolve");
        }
        for (InetAddress address : addresses) {
            if (!settings.addresses().permits(address)) {
                // the operator learns where it resolved and what to set; a client only that it is refused
                LOG.warn(
                        "the custom-token JWK URI's host resolves to {}, which is not a public address: not fetched "
                                + "(allow its network with KEYPORT_CUSTOM_TOKEN_JWKS_ALLOWED_NETWORKS)",
                        address.getHostAddress());
                throw new IdentityProviderUnavailable("the JWK URI's host is not a public address");
            }
            if ("http".equals(uri.getScheme()) && settings.addresses().isPublic(address)) {
                throw new IdentityProviderUnavailable("a JWK URI on a public address must use https");
            }
        }
        long deadline = System.nanoTime() + settings.fetchTimeout().toNanos();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.fetchTimeout())
                .header("Accept", "application/jwk-set+json, application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<InputStream>> answer =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<InputStream> response = answer.get(remaining(deadline), TimeUnit.NANOSECONDS);
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IdentityProviderUnavailable("the JWK URI answered HTTP " + response.statusCode());
                }
                CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return body.readNBytes(settings.maxBytes() + 1);
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        READERS);
                byte[] bytes = read.get(remaining(deadline), TimeUnit.NANOSECONDS);
                if (bytes.length > settings.maxBytes()) {
                    throw new IdentityProviderUnavailable(
                            "the JWK set is larger than " + settings.maxBytes() + " bytes");
                }
                return keysOf(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new IdentityProviderUnavailable("the JWK URI did not answer within "
                    + settings.fetchTimeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof java.net.http.HttpTimeoutException) {
                throw new IdentityProviderUnavailable("the JWK URI did not answer within "
                        + settings.fetchTimeout().toMillis() + " ms");
            }
            throw new IdentityProviderUnavailable("the JWK URI cannot be read ("
                    + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new IdentityProviderUnavailable(
                    "the JWK URI cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IdentityProviderUnavailable("interrupted");
        }
    }

    private List<JWK> keysOf(String json) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IdentityProviderUnavailable("the JWK URI's answer is not a JWK set");
        }
        if (set.getKeys().size() > settings.maxKeys()) {
            throw new IdentityProviderUnavailable("the JWK set holds more than " + settings.maxKeys() + " keys");
        }
        return set.toPublicJWKSet().getKeys();
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }
}
