package dev.keyport.domain.error;

/**
 * A custom confirmation or reset (the callback standing in for App Services' function, ADR 0022) did not succeed:
 * it is not configured ({@link Reason#NOT_CONFIGURED}), it answered fail ({@link Reason#FAILED}), or it could not be
 * reached or gave no usable answer ({@link Reason#UNAVAILABLE}).
 */
public final class AccountFunctionFailed extends DomainException {
    public enum Reason {
        NOT_CONFIGURED,
        FAILED,
        UNAVAILABLE
    }

    private final Reason reason;

    public AccountFunctionFailed(Reason reason) {
        super(
                switch (reason) {
                    case NOT_CONFIGURED -> "the custom function is not enabled for the local-userpass provider";
                    case FAILED -> "the custom function refused the request";
                    case UNAVAILABLE -> "the custom function could not be reached; try again later";
                });
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
