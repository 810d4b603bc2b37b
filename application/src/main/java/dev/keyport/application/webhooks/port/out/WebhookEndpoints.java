package dev.keyport.application.webhooks.port.out;

import dev.keyport.domain.webhook.WebhookEndpoint;
import java.util.List;

/** The webhook endpoints the admin registered, with their signing secrets sealed ({@code SecretSealer}). */
public interface WebhookEndpoints {
    void add(WebhookEndpoint endpoint, byte[] sealedSecret);

    List<WebhookEndpoint> all();

    /** Removes the endpoint and its deliveries; false when there was none. */
    boolean remove(String id);
}
