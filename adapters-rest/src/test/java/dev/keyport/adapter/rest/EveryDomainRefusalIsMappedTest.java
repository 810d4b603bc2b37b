package dev.keyport.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.RestEdge.Answer;
import dev.keyport.domain.error.AdminPasswordConfigured;
import dev.keyport.domain.error.ApiKeyLoginRefused;
import dev.keyport.domain.error.ApiKeyNotFound;
import dev.keyport.domain.error.DomainException;
import dev.keyport.domain.error.DuplicateKeyName;
import dev.keyport.domain.error.EmailAlreadyRegistered;
import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.error.InvalidSession;
import dev.keyport.domain.error.KeyLimitReached;
import dev.keyport.domain.error.MissingParameter;
import dev.keyport.domain.error.OwnerCannotHoldKeys;
import dev.keyport.domain.error.PasswordRulesViolated;
import dev.keyport.domain.error.ProviderDisabled;
import dev.keyport.domain.error.TooManyFailedLogins;
import dev.keyport.domain.error.TooManyRequests;
import dev.keyport.domain.error.UserNotFound;
import dev.keyport.domain.error.WrongCredentials;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link DomainException} a use case can throw leaves the REST adapter as the status and
 * {@code error_code} below, in the protocol's error format, never as a 500. The use cases are one
 * fake that throws whatever the test sets; the table must name every permitted subclass, so a new
 * refusal fails this test until its answer is decided here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryDomainRefusalIsMappedTest {
    private record Expected(DomainException refusal, int status, String code) {}

    private static final Map<Class<? extends DomainException>, Expected> TABLE = Map.ofEntries(
            row(new InvalidParameter("name", "is wrong"), 400, "InvalidParameter"),
            row(new MissingParameter("name"), 400, "MissingParameter"),
            row(new PasswordRulesViolated("too short"), 400, "InvalidPassword"),
            row(new EmailAlreadyRegistered(), 409, "AccountNameInUse"),
            row(new WrongCredentials(), 401, "InvalidPassword"),
            row(new ApiKeyLoginRefused(), 401, "AuthError"),
            row(new InvalidSession("expired"), 401, "InvalidSession"),
            row(new ApiKeyNotFound(), 404, "APIKeyNotFound"),
            row(new DuplicateKeyName("phone"), 409, "APIKeyAlreadyExists"),
            row(new KeyLimitReached(20), 409, "APIKeyLimitReached"),
            row(new OwnerCannotHoldKeys(OwnerCannotHoldKeys.Reason.ANONYMOUS_USER), 403, "AnonymousUserForbidden"),
            row(new UserNotFound(), 404, "UserNotFound"),
            row(new dev.keyport.domain.error.WebhookNotFound(), 404, "WebhookNotFound"),
            row(new dev.keyport.domain.error.SigningKeyNotFound(), 404, "SigningKeyNotFound"),
            row(new dev.keyport.domain.error.KeySessionForbidden(), 403, "APIKeySessionForbidden"),
            row(new ProviderDisabled("api-key"), 404, "AuthProviderNotFound"),
            row(new AdminPasswordConfigured(), 409, "AdminPasswordConfigured"),
            row(new TooManyFailedLogins(7), 429, "TooManyRequests"),
            row(new TooManyRequests(3), 429, "TooManyRequests"),
            row(
                    new dev.keyport.domain.error.CustomTokenRefused(
                            dev.keyport.domain.customtoken.CustomTokenRefusal.EXPIRED),
                    401,
                    "InvalidPassword"),
            row(
                    new dev.keyport.domain.error.IdentityProviderUnavailable("the JWK URI did not answer"),
                    503,
                    "ServiceUnavailable"),
            row(new dev.keyport.domain.error.UserDisabled(), 401, "UserDisabled"),
            // App Services' code for linking an identity that belongs to a user; 409 so realm-web does not retry
            // forever
            row(new dev.keyport.domain.error.CredentialsCannotBeLinked(), 409, "InvalidSession"),
            row(new dev.keyport.domain.error.ServerUserForbidden(), 403, "ServerUserForbidden"),
            row(new dev.keyport.domain.error.ConfirmationRequired(), 401, "AuthError"),
            row(new dev.keyport.domain.error.AccountTokenInvalid(), 400, "UserpassTokenInvalid"),
            row(new dev.keyport.domain.error.UserAlreadyConfirmed(), 409, "UserAlreadyConfirmed"),
            row(
                    new dev.keyport.domain.error.AccountFunctionFailed(
                            dev.keyport.domain.error.AccountFunctionFailed.Reason.FAILED),
                    400,
                    "FunctionExecutionError"));

    private final AtomicReference<DomainException> next = new AtomicReference<>();
    private RestEdge edge;

    private static Map.Entry<Class<? extends DomainException>, Expected> row(
            DomainException refusal, int status, String code) {
        return Map.entry(refusal.getClass(), new Expected(refusal, status, code));
    }

    /** One object standing in for every use case the controllers take (every {@code Uses} of {@link Routes}); every call throws {@link #next}. */
    @BeforeAll
    void start() {
        Class<?>[] interfaces = RestEdge.everyUseCase().toArray(Class<?>[]::new);
        Object fake = Proxy.newProxyInstance(getClass().getClassLoader(), interfaces, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? "every use case, refusing" : method.invoke(this, args);
            }
            throw next.get();
        });
        edge = RestEdge.start(fake);
    }

    @AfterAll
    void stop() {
        edge.close();
    }

    @Test
    void the_table_names_every_refusal_there_is() {
        assertThat(Set.<Class<?>>copyOf(TABLE.keySet()))
                .containsExactlyInAnyOrder(DomainException.class.getPermittedSubclasses());
    }

    Stream<Arguments> refusals() {
        return TABLE.values().stream()
                .map(expected -> Arguments.of(expected.refusal().getClass().getSimpleName(), expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void each_refusal_has_its_status_and_code(String name, Expected expected) {
        next.set(expected.refusal());

        Answer answer =
                edge.send("POST", "/api/client/v2.0/app/keyport/auth/providers/api-key/login", null, "{\"key\":\"k\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(expected.status());
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.body())
                .contains("\"error_code\":\"" + expected.code() + "\"")
                .contains("\"error\":\"" + expected.refusal().getMessage().replace("\"", "\\\"") + "\"");
    }
}
