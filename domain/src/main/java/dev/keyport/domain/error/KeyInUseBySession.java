package dev.keyport.domain.error;

/**
 * A session tried to disable or delete the very key it logged in with. Doing so would revoke the
 * session that is asking; the owner must do it from another session.
 */
public final class KeyInUseBySession extends DomainException {
    public KeyInUseBySession() {
        super("this session logged in with this API key; disable or delete it from another session");
    }
}
