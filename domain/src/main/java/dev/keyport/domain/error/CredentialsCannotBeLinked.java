package dev.keyport.domain.error;

/**
 * Linking credentials whose identity already belongs to a user (another one, or the caller), or that cannot be
 * linked at all (an API key, an anonymous identity): refused, nothing changes (issue 24, ADR 0023). The message is
 * App Services' word for word: the Realm Kotlin SDK turns exactly it into {@code CredentialsCannotBeLinkedException}.
 */
public final class CredentialsCannotBeLinked extends DomainException {
    public static final String MESSAGE = "a user already exists with the specified provider.";

    public CredentialsCannotBeLinked() {
        super(MESSAGE);
    }
}
