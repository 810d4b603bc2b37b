package dev.keyport.adapter.rest.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which paths count as a login, and under which provider: a fixed set, so no client makes new series. */
class ProtocolCountersPathTest {
    @ParameterizedTest
    @CsvSource(
            nullValues = "none",
            value = {
                "/api/client/v2.0/app/keyport/auth/providers/api-key/login, api-key",
                "/api/client/v2.0/app/keyport/auth/providers/local-userpass/login, local-userpass",
                "/api/client/v2.0/app/a/auth/providers/anon-user/login, anon-user",
                "/api/client/v2.0/app/keyport/auth/providers/api-key/login/, api-key",
                "/api/admin/v3.0/auth/providers/local-userpass/login, admin",
                "/api/admin/v3.0/auth/providers/local-userpass/login/, admin",
                "/api/client/v2.0/app/keyport/auth/providers/api-key/login//, none",
                "/api/client/v2.0/app/keyport/auth/providers/custom-token/login, none",
                "/api/client/v2.0/app/keyport/auth/providers/made-up/login, none",
                "/api/client/v2.0/app/keyport/auth/providers/api-key/x/login, none",
                "/api/client/v2.0/app/a/b/auth/providers/api-key/login, none",
                "/api/client/v2.0/app//auth/providers/api-key/login, none",
                "/api/client/v2.0/app/keyport/auth/providers//login, none",
                "/api/client/v2.0/app/keyport/auth/providers/login, none",
                "/api/client/v2.0/app/keyport/location, none",
                "/api/client/v2.0/auth/session, none"
            })
    void a_login_is_counted_under_its_provider_only_when_that_is_a_known_one(String path, String provider) {
        assertThat(ProtocolCounters.loginProvider(path)).isEqualTo(provider);
    }
}
