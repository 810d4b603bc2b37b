package dev.keyport.domain.error;

/**
 * The identity provider's signing keys (its JWK URI) could not be read, and none that could check this token is
 * known: the token may be fine, so this is not a refusal of the credentials but a passing outage (503).
 */
public final class IdentityProviderUnavailable extends DomainException {
    public IdentityProviderUnavailable(String reason) {
        super("the identity provider's signing keys cannot be read now: " + reason);
    }
}
