package dev.keyport.application.accounts.port.in;

import dev.keyport.application.shared.port.in.Caller;
import dev.keyport.domain.user.Email;
import dev.keyport.domain.user.Password;
import java.util.Objects;

/**
 * Links credentials to the logged-in user ({@code POST .../providers/{provider}/login?link=true} with the user's
 * access token; realm-core's {@code App::link_user}, realm-web's {@code user.linkCredentials}), ADR 0023. The
 * identity is added to the caller's user and the user id stays. Only a registered email/password that never logged
 * in can be linked (as in App Services, where it is not a user until its first login); an identity that belongs to
 * a user, an anonymous identity and an API key are refused with {@link
 * dev.keyport.domain.error.CredentialsCannotBeLinked}, and nothing changes.
 */
public interface LinkCredentials {

    /** Answers the caller, whose session goes on (a new access token for it is the answer's). */
    Caller link(Command command);

    record Command(Caller caller, Credential credential) {
        public Command {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(credential, "credential");
        }
    }

    /** What the client sent to link. */
    sealed interface Credential {}

    record EmailPassword(Email email, Password password) implements Credential {
        public EmailPassword {
            Objects.requireNonNull(email, "email");
            Objects.requireNonNull(password, "password");
        }
    }

    /** An anonymous login: it would make a new user, which cannot be linked. */
    record Anonymous() implements Credential {}

    /** An API key: it already belongs to its owner; never checked, so linking is no oracle for key values. */
    record ApiKey() implements Credential {}

    /** A token of the app's own identity provider (the custom-token provider, ADR 0024). */
    record CustomToken(String token) implements Credential {
        public CustomToken {
            Objects.requireNonNull(token, "token");
        }
    }
}
