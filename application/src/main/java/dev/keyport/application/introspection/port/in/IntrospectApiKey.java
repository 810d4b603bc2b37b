package dev.keyport.application.introspection.port.in;

import dev.keyport.domain.apikey.ApiKey;
import dev.keyport.domain.error.MissingParameter;
import dev.keyport.domain.user.UserType;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * RFC 7662-style introspection of an API key for a service: a backend that is handed a user's API key
 * directly asks whether it is active and whose it is, without a login or a session. The service
 * authenticates with a server API key of its own. Answered from the key-login path (the store's view of
 * the keys, no database read for a known key).
 */
public interface IntrospectApiKey {

    /**
     * @throws dev.keyport.domain.error.ApiKeyLoginRefused if {@code callerKey} is not an enabled server API key
     * @throws dev.keyport.domain.error.TooManyRequests if this caller asked more often than its limit allows
     */
    Introspection introspect(Command command);

    record Command(String callerKey, String token) {
        public Command {
            Objects.requireNonNull(callerKey, "callerKey");
            if (token == null || token.isEmpty()) {
                throw new MissingParameter("token");
            }
        }

        @Override
        public String toString() {
            return "IntrospectApiKey.Command[callerKey=hidden, token=hidden]";
        }
    }

    /** Either the key is active, and whose it is; or it is not, with no reason given (RFC 7662 §2.2). */
    sealed interface Introspection {}

    /**
     * @param activeUntil until when the value asked about stays active if nothing changes: the key's expiry, or
     *                    for the previous value of a rolled key the end of its grace period if that comes first;
     *                    empty when it has no end
     */
    record Active(ApiKey key, UserType ownerType, Optional<Instant> activeUntil) implements Introspection {
        public Active {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(ownerType, "ownerType");
            Objects.requireNonNull(activeUntil, "activeUntil");
        }
    }

    record Inactive() implements Introspection {}
}
