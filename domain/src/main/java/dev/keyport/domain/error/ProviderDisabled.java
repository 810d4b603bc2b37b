package dev.keyport.domain.error;

/** The authentication provider is switched off (or unknown), so nothing can be done through it. */
public final class ProviderDisabled extends DomainException {
    public ProviderDisabled(String provider) {
        super("authentication provider '" + provider + "' is not enabled");
    }
}
