package dev.keyport.application.sessions.port.in;

import java.util.List;
import java.util.function.Supplier;

/**
 * Runs a login under the guessing limit. The driving adapter names the throttling keys (the client
 * address it sees, and the account when the login names one); the limit and the counting are the
 * application's.
 */
public interface ThrottledLogin {

    /**
     * Runs {@code login} unless one of the keys is blocked ({@link dev.keyport.domain.error.TooManyFailedLogins});
     * a login refused for wrong credentials counts as a failure for every key, and the refusal is
     * rethrown unchanged.
     */
    <T> T attempt(List<String> keys, Supplier<T> login);
}
