package dev.keyport.application.admin.port.in;

import java.util.Optional;

/**
 * Run at start-up: makes sure the admin can log in. With a configured password there is nothing to
 * do; without one, the first start generates a strong password, stores only its hash, and returns
 * it once so that it can be shown to the operator.
 */
public interface EnsureAdminAccount {
    Result ensure();

    /** @param generatedPassword present only on the start that generated it */
    record Result(String username, Optional<String> generatedPassword) {}
}
