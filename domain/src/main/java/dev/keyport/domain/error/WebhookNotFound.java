package dev.keyport.domain.error;

/** No webhook endpoint has this id. */
public final class WebhookNotFound extends DomainException {
    public WebhookNotFound() {
        super("webhook endpoint not found");
    }
}
