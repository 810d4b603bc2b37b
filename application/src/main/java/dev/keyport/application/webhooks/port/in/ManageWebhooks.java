package dev.keyport.application.webhooks.port.in;

import dev.keyport.application.admin.port.in.AdminCaller;
import dev.keyport.domain.webhook.WebhookDelivery;
import dev.keyport.domain.webhook.WebhookEndpoint;
import java.util.List;

/** The admin's webhook endpoints and the deliveries made to them. */
public interface ManageWebhooks {
    /** Registers an endpoint; the result is the only place its signing secret appears. */
    Created add(AdminCaller admin, String url);

    List<WebhookEndpoint> endpoints(AdminCaller admin);

    /** @throws dev.keyport.domain.error.InvalidParameter never; an unknown id is {@code WebhookNotFound} */
    void remove(AdminCaller admin, String id);

    int DEFAULT_LIMIT = 50;
    int MAX_LIMIT = 1000;

    /** The newest deliveries, at most {@code limit} (1 to {@value #MAX_LIMIT}, else {@code InvalidParameter}). */
    List<WebhookDelivery> deliveries(AdminCaller admin, int limit);

    /** Every attempt at one delivery; an unknown delivery is {@code WebhookNotFound}. */
    List<dev.keyport.domain.webhook.WebhookAttempt> attempts(AdminCaller admin, String deliveryId);

    record Created(WebhookEndpoint endpoint, String secret) {}
}
