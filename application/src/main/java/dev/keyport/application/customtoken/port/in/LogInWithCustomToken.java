package dev.keyport.application.customtoken.port.in;

import dev.keyport.application.sessions.port.in.DeviceHint;
import dev.keyport.application.sessions.port.in.OpenedSession;
import java.util.Objects;

/**
 * Logs in with a token from the app's own identity provider ({@code custom-token}, App Services' Custom JWT). The
 * user is the one the token's issuer and subject name: created at the first login, found at the later ones, its
 * profile data refreshed from the token's metadata fields each time.
 */
public interface LogInWithCustomToken {
    /**
     * @throws dev.keyport.domain.error.CustomTokenRefused the token does not pass; nothing is created
     * @throws dev.keyport.domain.error.IdentityProviderUnavailable the provider's keys cannot be read now
     * @throws dev.keyport.domain.error.ProviderDisabled the provider is off or not configured
     */
    OpenedSession logIn(Command command);

    record Command(String token, DeviceHint device) {
        public Command {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(device, "device");
        }
    }
}
