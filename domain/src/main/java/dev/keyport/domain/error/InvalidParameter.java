package dev.keyport.domain.error;

/** A value was given but breaks the rules for its field. */
public final class InvalidParameter extends DomainException {
    private final String parameter;

    public InvalidParameter(String parameter, String problem) {
        super(parameter + " " + problem);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
