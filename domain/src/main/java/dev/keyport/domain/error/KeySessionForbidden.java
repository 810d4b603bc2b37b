package dev.keyport.domain.error;

/**
 * A session opened with an API key asked to manage keys. A key is a credential for a device or a service,
 * not for its owner: a leaked key must not be able to mint keys that outlive it, nor roll, disable or
 * delete the owner's other keys (issue 23, ADR 0017). The owner manages keys from a password session.
 */
public final class KeySessionForbidden extends DomainException {
    public KeySessionForbidden() {
        super("a session opened with an API key cannot create, roll, enable, disable or delete keys; "
                + "log in with the key's owner's credentials to manage keys");
    }

    /** Issue 24: what else a key session may not do (delete the account, link credentials to it). */
    public KeySessionForbidden(String message) {
        super(message);
    }
}
