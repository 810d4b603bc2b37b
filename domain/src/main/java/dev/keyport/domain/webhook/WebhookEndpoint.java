package dev.keyport.domain.webhook;

import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.id.ObjectIdFormat;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/** A URL the admin registered to receive key events; its signing secret is kept by the store, sealed. */
public record WebhookEndpoint(String id, String url, Instant createdAt) {
    /** http or https, a host (name, IPv4 or [IPv6]) without user information, an optional port, path and query. */
    private static final Pattern URL = Pattern.compile(
            "(?i)https?://(\\[[0-9a-f:.]+]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:[0-9]{1,5})?([/?][\\x21-\\x7e]*)?");

    public WebhookEndpoint {
        Objects.requireNonNull(createdAt, "createdAt");
        if (!ObjectIdFormat.isValid(Objects.requireNonNull(id, "id"))) {
            throw new InvalidParameter("id", "must be 24 hex characters");
        }
        url = url(url);
    }

    /** An absolute http or https URL without user information, at most 2,000 characters. */
    public static String url(String text) {
        if (text == null || text.length() > 2000 || !URL.matcher(text).matches()) {
            throw new InvalidParameter("url", "must be an absolute http or https URL");
        }
        return text;
    }
}
