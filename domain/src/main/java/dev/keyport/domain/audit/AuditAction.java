package dev.keyport.domain.audit;

import java.util.Locale;

/** What an audit event records: admin actions and every API key lifecycle event. */
public enum AuditAction {
    ADMIN_LOGIN_SUCCEEDED,
    ADMIN_LOGIN_REFUSED,
    ADMIN_LOGGED_OUT,
    ADMIN_PASSWORD_CHANGED,
    PROVIDER_ENABLED,
    PROVIDER_DISABLED,
    PROVIDER_KEY_LIFETIMES_CHANGED,
    KEY_CREATED,
    KEY_ENABLED,
    KEY_DISABLED,
    KEY_DELETED,
    KEY_ROLLED,
    KEY_GRACE_ENDED,
    KEY_EXPIRING,
    KEY_EXPIRED,
    KEY_LOGIN_SUCCEEDED,
    KEY_LOGIN_REFUSED,
    /** Every session of a key ended at once because too many were logged out one by one (issue 23). */
    KEY_SESSIONS_ENDED,
    USER_SESSIONS_REVOKED,
    /** Issue 24: a user and everything theirs deleted (by themselves or an admin). */
    USER_DELETED,
    USER_DISABLED,
    USER_ENABLED,
    /** An identity (email/password) linked to an existing user. */
    USER_IDENTITY_LINKED,
    TOKEN_KEY_ROTATED,
    /** An access-token (ES256) key revoked at once: unpublished, its tokens refused. */
    TOKEN_KEY_REVOKED,
    /** The HMAC key of refresh and admin tokens rotated (with overlap, or an emergency that ends the old keys' tokens). */
    TOKEN_HMAC_KEY_ROTATED,
    /** A {@code custom-token} login (issue 28): the target is the user, the detail says whether it was the first. */
    JWT_LOGIN_SUCCEEDED,
    /** A {@code custom-token} login refused: the detail is the rule the token broke (never the token). */
    JWT_LOGIN_REFUSED,
    /** A {@code custom-token} identity added to a user (linking). */
    JWT_IDENTITY_LINKED,
    /** A provider's whole configuration replaced (admin API or console), or its secrets. */
    PROVIDER_CONFIGURED,
    /** The local-userpass provider's confirmation and reset settings changed (ADR 0022). */
    PROVIDER_USERPASS_SETTINGS_CHANGED,
    /** A pending registration confirmed: by its token, its custom confirmation, or an admin. */
    USER_CONFIRMED,
    /** A password reset (by its token or the custom reset); the user's password sessions ended. */
    USER_PASSWORD_RESET;

    /** The name used in the admin API and the console, e.g. {@code key.login_refused}. */
    public String code() {
        String name = name().toLowerCase(Locale.ROOT);
        int split = name.indexOf('_');
        return name.substring(0, split) + "." + name.substring(split + 1);
    }
}
