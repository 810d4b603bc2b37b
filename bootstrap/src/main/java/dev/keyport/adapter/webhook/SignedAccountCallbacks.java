package dev.keyport.adapter.webhook;

import dev.keyport.application.accounts.port.out.AccountCallbacks;
import dev.keyport.application.webhooks.port.out.WebhookSender;
import dev.keyport.domain.webhook.WebhookSignature;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * The custom confirmation and reset "functions" (ADR 0022): a POST of the JSON body to the configured URL, signed as
 * webhook deliveries are ({@link WebhookSignature}, header {@code Keyport-Signature}) under the secret
 * {@code KEYPORT_ACCOUNT_FUNCTIONS_SECRET}, sent by the webhooks' sender (so with its receiver address rules: no
 * loopback, private or link-local address outside {@code KEYPORT_WEBHOOKS_ALLOWED_NETWORKS}, a deadline, no body
 * read back). 200 is success, 202 pending, any other status fail.
 */
public final class SignedAccountCallbacks implements AccountCallbacks {
    private final WebhookSender sender;
    private final Optional<byte[]> secret;
    private final Clock clock;

    public SignedAccountCallbacks(WebhookSender sender, Optional<byte[]> secret, Clock clock) {
        this.sender = sender;
        this.secret = secret;
        this.clock = clock;
    }

    @Override
    public Outcome call(String url, String body) throws Unavailable {
        if (secret.isEmpty()) {
            throw new Unavailable("no signing secret configured (KEYPORT_ACCOUNT_FUNCTIONS_SECRET)");
        }
        long timestamp = clock.instant().getEpochSecond();
        int status;
        try {
            status = sender.post(
                    url,
                    Map.of(
                            "Content-Type",
                            "application/json",
                            WebhookSignature.HEADER,
                            WebhookSignature.header(secret.get(), timestamp, body),
                            "Keyport-Event",
                            "account.function"),
                    body);
        } catch (WebhookSender.Unreachable e) {
            throw new Unavailable(e.getMessage());
        }
        return switch (status) {
            case 200 -> Outcome.SUCCESS;
            case 202 -> Outcome.PENDING;
            default -> Outcome.FAIL;
        };
    }
}
