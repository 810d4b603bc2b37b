package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.APP;
import static dev.keyport.adapter.rest.InMemoryKeyport.CLIENT;
import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Registration (RegistrationController) over the real services. */
class RegistrationRoutesTest {
    private static final String REGISTER = "POST /api/client/v2.0/app/{app}/auth/providers/local-userpass/register";
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    @Test
    @Covers(REGISTER)
    void a_registered_user_can_log_in() {
        String email = InMemoryKeyport.unique("registered") + "@example.org";

        assertThat(expect(
                                201,
                                keyport.send(
                                        "POST",
                                        APP + "/auth/providers/local-userpass/register",
                                        null,
                                        "{\"email\":\"" + email + "\",\"password\":\"correct horse\"}"))
                        .body())
                .isEqualTo("{}");

        expect(
                200,
                keyport.send(
                        "POST",
                        APP + "/auth/providers/local-userpass/login",
                        null,
                        "{\"username\":\"" + email + "\",\"password\":\"correct horse\"}"));
    }

    @Test
    @Covers(REGISTER)
    void an_email_registers_once() {
        String body =
                "{\"email\":\"" + InMemoryKeyport.unique("twice") + "@example.org\",\"password\":\"correct horse\"}";
        expect(201, keyport.send("POST", APP + "/auth/providers/local-userpass/register", null, body));

        assertThat(keyport.refusal(
                        409, keyport.send("POST", APP + "/auth/providers/local-userpass/register", null, body)))
                .isEqualTo("AccountNameInUse");
    }

    @Test
    @Covers(REGISTER)
    void a_registration_without_a_password_or_for_another_app_is_refused() {
        assertThat(keyport.refusal(
                        400,
                        keyport.send(
                                "POST",
                                APP + "/auth/providers/local-userpass/register",
                                null,
                                "{\"email\":\"nopassword@example.org\"}")))
                .isEqualTo("MissingParameter");
        assertThat(keyport.refusal(
                        404,
                        keyport.send(
                                "POST",
                                CLIENT + "/app/other-app/auth/providers/local-userpass/register",
                                null,
                                "{\"email\":\"elsewhere@example.org\",\"password\":\"correct horse\"}")))
                .isEqualTo("AppNotFound");
    }
}
