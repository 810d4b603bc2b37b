package dev.keyport.domain.error;

/** The user may not own user API keys (anonymous users and server users). */
public final class OwnerCannotHoldKeys extends DomainException {
    /** Why the owner is not allowed. */
    public enum Reason {
        ANONYMOUS_USER,
        SERVER_USER
    }

    private final Reason reason;

    public OwnerCannotHoldKeys(Reason reason) {
        super(
                switch (reason) {
                    case ANONYMOUS_USER -> "anonymous users cannot own API keys";
                    case SERVER_USER -> "server users cannot own user API keys";
                });
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
