package dev.keyport.archfixture.compliant.application.shared.port.out;

/** A port every feature may use; it knows no feature. */
public interface Clock {
    long now();
}
