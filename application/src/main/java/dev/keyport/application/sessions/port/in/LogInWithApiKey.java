package dev.keyport.application.sessions.port.in;

import dev.keyport.domain.error.MissingParameter;
import java.util.Objects;

/** Logs in with an API key value ({@code api-key}), as the key's owner. */
public interface LogInWithApiKey {
    OpenedSession logIn(Command command);

    /** The key as presented; its format is checked by the use case, which refuses bad keys like unknown ones. */
    record Command(String key, DeviceHint device) {
        public Command {
            if (key == null || key.isEmpty()) {
                throw new MissingParameter("key");
            }
            Objects.requireNonNull(device, "device");
        }

        @Override
        public String toString() {
            return "LogInWithApiKey.Command[key=hidden, device=" + device + "]";
        }
    }
}
