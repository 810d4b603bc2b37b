package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.ADMIN;
import static dev.keyport.adapter.rest.InMemoryKeyport.APPS;
import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.RestEdge.Answer;
import org.junit.jupiter.api.Test;

/** The admin's session (AdminSessionsController) over the real services; the admin password is configured. */
class AdminSessionRoutesTest {
    private static final String LOGIN = "POST /api/admin/v3.0/auth/providers/local-userpass/login";
    private static final String LOGOUT = "DELETE /api/admin/v3.0/auth/session";
    private static final String PASSWORD = "PUT /api/admin/v3.0/auth/password";
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    @Test
    @Covers(LOGIN)
    void the_admin_logs_in_with_the_configured_password() {
        Answer login = expect(
                200,
                keyport.send(
                        "POST",
                        ADMIN + "/auth/providers/local-userpass/login",
                        null,
                        "{\"username\":\"root\",\"password\":\"admin-pw\"}"));

        assertThat(keyport.text(login, "username")).isEqualTo("root");
        expect(200, keyport.send("GET", APPS + "/auth_providers", keyport.text(login, "access_token"), null));
    }

    /** One wrong password only: failures count against the admin account, which every other test logs in to. */
    @Test
    @Covers(LOGIN)
    void a_wrong_password_or_a_client_token_gets_no_admin_session() {
        assertThat(keyport.refusal(
                        401,
                        keyport.send(
                                "POST",
                                ADMIN + "/auth/providers/local-userpass/login",
                                null,
                                "{\"username\":\"root\",\"password\":\"guess\"}")))
                .isEqualTo("InvalidPassword");
        assertThat(keyport.refusal(
                        400,
                        keyport.send(
                                "POST",
                                ADMIN + "/auth/providers/local-userpass/login",
                                null,
                                "{\"username\":\"root\"}")))
                .isEqualTo("MissingParameter");
        assertThat(keyport.refusal(
                        401,
                        keyport.send(
                                "GET", APPS + "/auth_providers", keyport.user().access(), null)))
                .isEqualTo("InvalidSession");
    }

    @Test
    @Covers(LOGOUT)
    void after_logging_out_the_admin_token_is_refused() {
        String admin = keyport.admin();

        expect(204, keyport.send("DELETE", ADMIN + "/auth/session", admin, null));

        expect(401, keyport.send("GET", APPS + "/auth_providers", admin, null));
        expect(401, keyport.send("DELETE", ADMIN + "/auth/session", admin, null));
    }

    @Test
    @Covers(PASSWORD)
    void a_configured_password_is_changed_in_configuration_not_here() {
        String admin = keyport.admin();

        assertThat(keyport.refusal(
                        409,
                        keyport.send(
                                "PUT",
                                ADMIN + "/auth/password",
                                admin,
                                "{\"current_password\":\"admin-pw\",\"new_password\":\"another-pw\"}")))
                .isEqualTo("AdminPasswordConfigured");
        assertThat(keyport.refusal(
                        400,
                        keyport.send("PUT", ADMIN + "/auth/password", admin, "{\"current_password\":\"admin-pw\"}")))
                .isEqualTo("MissingParameter");
        expect(
                401,
                keyport.send(
                        "PUT",
                        ADMIN + "/auth/password",
                        null,
                        "{\"current_password\":\"admin-pw\",\"new_password\":\"another-pw\"}"));
        expect(200, keyport.send("GET", APPS + "/auth_providers", admin, null));
    }
}
