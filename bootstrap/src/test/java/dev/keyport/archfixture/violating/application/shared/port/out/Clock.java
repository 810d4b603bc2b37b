package dev.keyport.archfixture.violating.application.shared.port.out;

/** A port every feature may use; it knows no feature. */
public interface Clock {
    long now();
}
