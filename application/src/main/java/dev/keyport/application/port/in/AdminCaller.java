package dev.keyport.application.port.in;

import java.util.Objects;

/** The admin behind an admin request, as proven by an admin access token. */
public record AdminCaller(String username) {
    public AdminCaller {
        Objects.requireNonNull(username, "username");
    }

    /** How the audit trail names this admin. */
    public String actor() {
        return "admin:" + username;
    }
}
