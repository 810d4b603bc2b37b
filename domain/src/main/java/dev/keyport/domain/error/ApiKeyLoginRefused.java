package dev.keyport.domain.error;

/**
 * API-key login refused. Malformed, unknown, disabled and deleted keys all get this one answer,
 * so that a caller cannot learn which keys exist or are merely disabled.
 */
public final class ApiKeyLoginRefused extends DomainException {
    public ApiKeyLoginRefused() {
        super("invalid API key");
    }
}
