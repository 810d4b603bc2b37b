package dev.keyport.domain.error;

/** A required value was not given at all. */
public final class MissingParameter extends DomainException {
    public MissingParameter(String parameter) {
        super(parameter + " is required");
    }
}
