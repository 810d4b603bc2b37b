package dev.keyport.adapter.rest.error;

import dev.keyport.domain.error.AccountFunctionFailed;
import dev.keyport.domain.error.AccountTokenInvalid;
import dev.keyport.domain.error.AdminPasswordConfigured;
import dev.keyport.domain.error.ApiKeyLoginRefused;
import dev.keyport.domain.error.ApiKeyNotFound;
import dev.keyport.domain.error.ConfirmationRequired;
import dev.keyport.domain.error.CredentialsCannotBeLinked;
import dev.keyport.domain.error.CustomTokenRefused;
import dev.keyport.domain.error.DomainException;
import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.error.IdentityProviderUnavailable;
import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.error.KeyLimitReached;
import dev.keyport.domain.error.KeySessionForbidden;
import dev.keyport.domain.error.MissingParameter;
import dev.keyport.domain.error.OwnerCannotHoldKeys;
import dev.keyport.domain.error.PasswordRulesViolated;
import dev.keyport.domain.error.ProviderDisabled;
import dev.keyport.domain.error.ServerUserForbidden;
import dev.keyport.domain.error.SigningKeyNotFound;
import dev.keyport.domain.error.TooManyFailedLogins;
import dev.keyport.domain.error.TooManyRequests;
import dev.keyport.domain.error.UserAlreadyConfirmed;
import dev.keyport.domain.error.UserDisabled;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.error.WebhookNotFound;
import dev.keyport.domain.error.WrongCredentials;
import io.micronaut.http.HttpStatus;

/**
 * The one place where domain refusals become HTTP: a status and an App Services error code each.
 * The switch is exhaustive over the sealed hierarchy, so a new refusal does not compile until it
 * is mapped here. 401 is reserved for bad sessions and refused logins: on a refresh-token route
 * the client treats any 401 as "logged out".
 */
public final class DomainErrors {
    private DomainErrors() {}

    /** A status and an error code. */
    public record Mapping(HttpStatus status, String errorCode) {}

    public static Mapping map(DomainException refusal) {
        return switch (refusal) {
            case InvalidParameter e -> new Mapping(HttpStatus.BAD_REQUEST, "InvalidParameter");
            case MissingParameter e -> new Mapping(HttpStatus.BAD_REQUEST, "MissingParameter");
            case PasswordRulesViolated e -> new Mapping(HttpStatus.BAD_REQUEST, "InvalidPassword");
            case EmailAlreadyRegistered e -> new Mapping(HttpStatus.CONFLICT, "AccountNameInUse");
            case WrongCredentials e -> new Mapping(HttpStatus.UNAUTHORIZED, "InvalidPassword");
            case ApiKeyLoginRefused e -> new Mapping(HttpStatus.UNAUTHORIZED, "AuthError");
            case InvalidSession e -> new Mapping(HttpStatus.UNAUTHORIZED, "InvalidSession");
            case ApiKeyNotFound e -> new Mapping(HttpStatus.NOT_FOUND, "APIKeyNotFound");
            case DuplicateKeyName e -> new Mapping(HttpStatus.CONFLICT, "APIKeyAlreadyExists");
            case KeyLimitReached e -> new Mapping(HttpStatus.CONFLICT, "APIKeyLimitReached");
            case OwnerCannotHoldKeys e ->
                new Mapping(
                        HttpStatus.FORBIDDEN,
                        switch (e.reason()) {
                            case ANONYMOUS_USER -> "AnonymousUserForbidden";
                            case SERVER_USER -> "ServerUserForbidden";
                        });
            case KeySessionForbidden e -> new Mapping(HttpStatus.FORBIDDEN, "APIKeySessionForbidden");
            case UserNotFound e -> new Mapping(HttpStatus.NOT_FOUND, "UserNotFound");
            case WebhookNotFound e -> new Mapping(HttpStatus.NOT_FOUND, "WebhookNotFound");
            case SigningKeyNotFound e -> new Mapping(HttpStatus.NOT_FOUND, "SigningKeyNotFound");
            case ProviderDisabled e -> new Mapping(HttpStatus.NOT_FOUND, "AuthProviderNotFound");
            case AdminPasswordConfigured e -> new Mapping(HttpStatus.CONFLICT, "AdminPasswordConfigured");
            case TooManyFailedLogins e -> new Mapping(HttpStatus.TOO_MANY_REQUESTS, "TooManyRequests");
            case TooManyRequests e -> new Mapping(HttpStatus.TOO_MANY_REQUESTS, "TooManyRequests");
            case ConfirmationRequired e -> new Mapping(HttpStatus.UNAUTHORIZED, "AuthError");
            case AccountTokenInvalid e -> new Mapping(HttpStatus.BAD_REQUEST, "UserpassTokenInvalid");
            case UserAlreadyConfirmed e -> new Mapping(HttpStatus.CONFLICT, "UserAlreadyConfirmed");
            case AccountFunctionFailed e ->
                switch (e.reason()) {
                    case NOT_CONFIGURED -> new Mapping(HttpStatus.NOT_FOUND, "FunctionNotFound");
                    case FAILED -> new Mapping(HttpStatus.BAD_REQUEST, "FunctionExecutionError");
                    case UNAVAILABLE -> new Mapping(HttpStatus.SERVICE_UNAVAILABLE, "FunctionExecutionError");
                };
            // realm-core SDKs map InvalidPassword to their invalid-credentials error (Kotlin:
            // InvalidCredentialsException,
            // which the SDK documents for JWT logins); ADR 0024 says why not App Services' historic InvalidSession.
            case CustomTokenRefused e -> new Mapping(HttpStatus.UNAUTHORIZED, "InvalidPassword");
            case IdentityProviderUnavailable e -> new Mapping(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable");
            case UserDisabled e -> new Mapping(HttpStatus.UNAUTHORIZED, "UserDisabled");
            // App Services' code and message (realm-kotlin: CredentialsCannotBeLinkedException); 409, not 401:
            // realm-web 2.0.1 answers a 401 InvalidSession on an access-token request by refreshing and retrying,
            // forever
            case CredentialsCannotBeLinked e -> new Mapping(HttpStatus.CONFLICT, "InvalidSession");
            case ServerUserForbidden e -> new Mapping(HttpStatus.FORBIDDEN, "ServerUserForbidden");
        };
    }
}
