package dev.keyport.domain.error;

/**
 * Every way a Keyport rule can refuse a request. The hierarchy is sealed so that the edge that
 * translates these into a protocol (HTTP status and error code) can switch over it exhaustively:
 * adding a new refusal is a compile error until the edge decides how to report it.
 *
 * <p>Messages are written for the person using the client and never contain secrets.
 * Refusals are expected outcomes, not bugs, so they carry no stack trace.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidParameter,
                MissingParameter,
                PasswordRulesViolated,
                EmailAlreadyRegistered,
                WrongCredentials,
                ApiKeyLoginRefused,
                InvalidSession,
                ApiKeyNotFound,
                DuplicateKeyName,
                KeyLimitReached,
                OwnerCannotHoldKeys,
                UserNotFound,
                ProviderDisabled,
                AdminPasswordConfigured,
                TooManyFailedLogins,
                TooManyRequests,
                WebhookNotFound,
                KeySessionForbidden,
                SigningKeyNotFound,
                CustomTokenRefused,
                IdentityProviderUnavailable,
                UserDisabled,
                CredentialsCannotBeLinked,
                ServerUserForbidden,
                ConfirmationRequired,
                AccountTokenInvalid,
                UserAlreadyConfirmed,
                AccountFunctionFailed {

    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
