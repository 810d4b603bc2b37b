package dev.keyport.domain.error;

import dev.keyport.domain.customtoken.CustomTokenRefusal;
import java.util.Objects;

/**
 * A {@code custom-token} login refused: the token is not one the configured identity provider signed for this app,
 * or it is expired, not yet valid, or lacks a claim the provider requires. Nothing is created. The reason is told:
 * it says nothing the holder of the token cannot read from it.
 */
public final class CustomTokenRefused extends DomainException {
    private final CustomTokenRefusal reason;

    public CustomTokenRefused(CustomTokenRefusal reason) {
        this(reason, "");
    }

    public CustomTokenRefused(CustomTokenRefusal reason, String detail) {
        super("invalid custom token: "
                + Objects.requireNonNull(reason, "reason").text() + (detail.isEmpty() ? "" : " (" + detail + ")"));
        this.reason = reason;
    }

    public CustomTokenRefusal reason() {
        return reason;
    }
}
