package dev.keyport.application.sessions.port.in;

import dev.keyport.domain.id.DeviceId;
import java.util.Optional;

/**
 * The device id a client sends when it logs in again from a device it used before. Absent on a
 * first login, and also when the client sends the all-zero id; Keyport then mints one.
 */
public record DeviceHint(Optional<DeviceId> deviceId) {
    private static final String UNSET = "000000000000000000000000";

    public DeviceHint {
        deviceId = deviceId.filter(id -> !UNSET.equals(id.value()));
    }

    public static DeviceHint none() {
        return new DeviceHint(Optional.empty());
    }
}
