package dev.keyport.domain.error;

/** No published access-token signing key has this {@code kid}. */
public final class SigningKeyNotFound extends DomainException {
    public SigningKeyNotFound() {
        super("signing key not found");
    }
}
