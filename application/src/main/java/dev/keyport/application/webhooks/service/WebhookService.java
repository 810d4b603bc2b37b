package dev.keyport.application.webhooks.service;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.application.webhooks.port.in.DeliverWebhooks;
import dev.keyport.application.webhooks.port.in.ManageWebhooks;
import dev.keyport.application.webhooks.port.out.WebhookEndpoints;
import dev.keyport.application.webhooks.port.out.WebhookOutbox;
import dev.keyport.application.webhooks.port.out.WebhookSender;
import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.error.WebhookNotFound;
import dev.keyport.domain.webhook.WebhookAttempt;
import dev.keyport.domain.webhook.WebhookDelivery;
import dev.keyport.domain.webhook.WebhookEndpoint;
import dev.keyport.domain.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Webhook endpoints and the delivery of the outbox: each due delivery is signed with its endpoint's secret
 * ({@link WebhookSignature}), posted, and recorded as delivered (2xx) or failed with the next attempt after an
 * exponential backoff ({@link WebhookDelivery#retryAt}), at least once, from any instance.
 */
public final class WebhookService implements ManageWebhooks, DeliverWebhooks {
    private final WebhookEndpoints endpoints;
    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final SecretSealer sealer;
    private final Transactions transactions;
    private final Clock clock;
    private final RandomGenerator random;
    private final Settings settings;

    /**
     * {@code retryBase}: the wait after the first failure; {@code lease}: how long a taken delivery is held (renewed
     * before each send, so it must be longer than one attempt's deadline); {@code batch}: deliveries taken per poll,
     * at most {@code perEndpoint} of one endpoint; {@code retention}: how long finished deliveries are kept.
     */
    public record Settings(Duration retryBase, Duration lease, int batch, int perEndpoint, Duration retention) {
        public Settings {
            if (batch < 1 || perEndpoint < 1 || lease.isNegative() || lease.isZero() || retention.isNegative()) {
                throw new IllegalArgumentException("webhook delivery settings must be positive");
            }
        }

        public Settings(Duration retryBase, Duration lease, int batch) {
            this(retryBase, lease, batch, 5, Duration.ofDays(7));
        }
    }

    public WebhookService(
            WebhookEndpoints endpoints,
            WebhookOutbox outbox,
            WebhookSender sender,
            SecretSealer sealer,
            Transactions transactions,
            Clock clock,
            RandomGenerator random,
            Settings settings) {
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.sender = sender;
        this.sealer = sealer;
        this.transactions = transactions;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
    }

    static String newId(RandomGenerator random) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String context(String endpointId) {
        return "webhook:" + endpointId;
    }

    @Override
    public Created add(AdminCaller admin, String url) {
        WebhookEndpoint endpoint = new WebhookEndpoint(newId(random), url, clock.instant());
        sender.refusal(endpoint.url()).ifPresent(refusal -> {
            throw new InvalidParameter("url", refusal);
        });
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String shown = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] key = shown.getBytes(StandardCharsets.UTF_8);
        transactions.inTransaction(() -> {
            endpoints.add(endpoint, sealer.seal(key, context(endpoint.id())));
            return null;
        });
        return new Created(endpoint, shown);
    }

    @Override
    public List<WebhookEndpoint> endpoints(AdminCaller admin) {
        return endpoints.all();
    }

    @Override
    public void remove(AdminCaller admin, String id) {
        if (!transactions.inTransaction(() -> endpoints.remove(id))) {
            throw new WebhookNotFound();
        }
    }

    @Override
    public List<WebhookDelivery> deliveries(AdminCaller admin, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameter("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return outbox.latest(limit);
    }

    @Override
    public List<WebhookAttempt> attempts(AdminCaller admin, String deliveryId) {
        return outbox.attempts(deliveryId).orElseThrow(WebhookNotFound::new);
    }

    @Override
    public int deliverDue() {
        Instant now = clock.instant();
        String leaseToken = newId(random);
        List<WebhookOutbox.Claimed> due =
                outbox.claimDue(now, now.plus(settings.lease()), leaseToken, settings.batch(), settings.perEndpoint());
        Set<String> unanswered = new HashSet<>();
        int attempted = 0;
        for (WebhookOutbox.Claimed delivery : due) {
            if (unanswered.contains(delivery.endpointId())) {
                // its endpoint gave no answer in this batch: one deadline per poll is all it costs the others
                outbox.release(delivery.id(), leaseToken);
                continue;
            }
            Instant before = clock.instant();
            if (!outbox.renew(delivery.id(), leaseToken, before, before.plus(settings.lease()))) {
                continue; // the lease ran out mid-batch: another instance may be sending it; not ours to act on
            }
            attempted++;
            if (!deliver(delivery, leaseToken)) {
                unanswered.add(delivery.endpointId());
            }
        }
        return attempted;
    }

    @Override
    public int pruneDone() {
        Instant before = clock.instant().minus(settings.retention());
        int pruned = 0;
        int removed;
        do {
            removed = outbox.prune(before, 1000);
            pruned += removed;
        } while (removed == 1000);
        return pruned;
    }

    /** @return whether the receiver answered with an HTTP status */
    private boolean deliver(WebhookOutbox.Claimed delivery, String leaseToken) {
        int attempts = delivery.attempts() + 1;
        long timestamp = clock.instant().getEpochSecond();
        Optional<Integer> status = Optional.empty();
        String error;
        try {
            byte[] secret = sealer.open(delivery.sealedSecret(), context(delivery.endpointId()));
            int answered = sender.post(
                    delivery.url(),
                    Map.of(
                            WebhookSignature.HEADER,
                            WebhookSignature.header(secret, timestamp, delivery.payload()),
                            "Keyport-Delivery",
                            delivery.id(),
                            "Keyport-Event",
                            delivery.eventType(),
                            "Content-Type",
                            "application/json"),
                    delivery.payload());
            if (answered >= 200 && answered < 300) {
                outbox.delivered(delivery.id(), leaseToken, attempts, clock.instant(), answered);
                return true;
            }
            status = Optional.of(answered);
            error = "answered HTTP " + answered;
        } catch (WebhookSender.Unreachable e) {
            error = e.getMessage();
        } catch (SecretSealer.UnreadableSecret e) {
            error = "the endpoint's secret cannot be opened with this instance's key-encryption key";
        } catch (RuntimeException e) {
            // whatever one receiver's URL or answer does, it is this delivery's failed attempt, not the batch's end
            error = "no HTTP answer (the attempt failed)";
        }
        Instant failedAt = clock.instant();
        outbox.failed(
                delivery.id(),
                leaseToken,
                attempts,
                failedAt,
                status,
                error,
                WebhookDelivery.retryAt(attempts, failedAt, settings.retryBase()));
        return status.isPresent();
    }
}
