package dev.keyport.domain.error;

/** The key ring is full. */
public final class KeyLimitReached extends DomainException {
    public KeyLimitReached(int limit) {
        super("at most " + limit + " API keys are allowed; delete one before creating another");
    }
}
