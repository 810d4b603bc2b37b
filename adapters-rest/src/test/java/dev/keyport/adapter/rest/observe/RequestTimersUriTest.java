package dev.keyport.adapter.rest.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code uri} tag, as Micronaut's binder gave it: the route template, or what kind of answer came without one. */
class RequestTimersUriTest {
    @ParameterizedTest
    @CsvSource(
            nullValues = "none",
            value = {
                "/api/client/v2.0/auth/api_keys/{id}, 200, /api/client/v2.0/auth/api_keys/{id}",
                "/api/client/v2.0/auth/api_keys/{id}, 401, /api/client/v2.0/auth/api_keys/{id}",
                "/api/client/v2.0/auth/api_keys/{id}, 404, NOT_FOUND",
                "none, 404, NOT_FOUND",
                "/api/client/v2.0/app/{app}/location, 302, REDIRECTION",
                "none, 200, UNMATCHED_URI",
                "none, 405, UNMATCHED_URI",
                "none, 400, UNMATCHED_URI"
            })
    void the_uri_tag(String route, int status, String uri) {
        assertThat(RequestTimers.uri(route, status)).isEqualTo(uri);
    }
}
