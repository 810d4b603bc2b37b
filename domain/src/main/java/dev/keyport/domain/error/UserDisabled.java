package dev.keyport.domain.error;

/**
 * A login (or a session) of a user an admin disabled (issue 24). Told only after the credentials were
 * checked, so it reveals nothing to someone who does not hold them. A key login of a disabled user is
 * refused as any refused key login is, without saying why.
 */
public final class UserDisabled extends DomainException {
    public UserDisabled() {
        super("user disabled");
    }
}
