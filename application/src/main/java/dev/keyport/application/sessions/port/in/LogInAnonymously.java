package dev.keyport.application.sessions.port.in;

import java.util.Objects;

/** Logs in as a new anonymous user ({@code anon-user}). */
public interface LogInAnonymously {
    OpenedSession logIn(Command command);

    record Command(DeviceHint device) {
        public Command {
            Objects.requireNonNull(device, "device");
        }
    }
}
