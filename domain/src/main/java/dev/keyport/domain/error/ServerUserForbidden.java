package dev.keyport.domain.error;

/**
 * Deleting, disabling or linking a server user: a server user exists only behind its server API key and is
 * managed through that key (delete or disable the key), never as a user (issue 24).
 */
public final class ServerUserForbidden extends DomainException {
    public ServerUserForbidden() {
        super("a server user is managed through its server API key, not as a user");
    }
}
