package dev.keyport.domain.error;

/** No such key in the caller's key ring; another user's key is reported the same way. */
public final class ApiKeyNotFound extends DomainException {
    public ApiKeyNotFound() {
        super("API key not found");
    }
}
