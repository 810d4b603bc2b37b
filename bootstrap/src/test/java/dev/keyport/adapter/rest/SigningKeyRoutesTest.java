package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.ADMIN;
import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.RestEdge.Answer;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Access-token signing keys and refresh/admin-token keys (SigningKeysController) over the real services. The
 * keyport is shared, so nothing here ends other tests' tokens: no emergency rotation, and only a key that is
 * not signing yet is revoked.
 */
class SigningKeyRoutesTest {
    private static final String SIGNING_KEYS = "GET /api/admin/v3.0/signing_keys";
    private static final String ROTATE = "POST /api/admin/v3.0/signing_keys/rotate";
    private static final String REVOKE = "POST /api/admin/v3.0/signing_keys/{kid}/revoke";
    private static final String TOKEN_KEYS = "GET /api/admin/v3.0/token_keys";
    private static final String ROTATE_TOKEN_KEY = "POST /api/admin/v3.0/token_keys/rotate";
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    private List<String> kids(Answer answer) {
        List<String> kids = new ArrayList<>();
        keyport.parse(answer).values().forEach(key -> kids.add(key.get("kid").getStringValue()));
        return kids;
    }

    @Test
    @Covers({ROTATE, SIGNING_KEYS, REVOKE})
    void a_rotated_key_is_published_before_it_signs_and_revoking_it_unpublishes_it() {
        String admin = keyport.admin();

        JsonNode next = keyport.parse(expect(201, keyport.send("POST", ADMIN + "/signing_keys/rotate", admin, null)));
        String kid = next.get("kid").getStringValue();
        assertThat(next.get("alg").getStringValue()).isEqualTo("ES256");
        assertThat(next.get("state").getStringValue()).isNotEqualTo("signing");
        assertThat(kids(expect(200, keyport.send("GET", ADMIN + "/signing_keys", admin, null))))
                .contains(kid);

        JsonNode signing = keyport.parse(
                expect(200, keyport.send("POST", ADMIN + "/signing_keys/" + kid + "/revoke", admin, null)));

        assertThat(signing.get("kid").getStringValue()).isNotEqualTo(kid);
        assertThat(kids(expect(200, keyport.send("GET", ADMIN + "/signing_keys", admin, null))))
                .doesNotContain(kid);
    }

    @Test
    @Covers({REVOKE, SIGNING_KEYS, ROTATE})
    void signing_keys_are_for_the_admin_only_and_an_unknown_one_is_not_found() {
        String admin = keyport.admin();

        assertThat(keyport.refusal(404, keyport.send("POST", ADMIN + "/signing_keys/no-such-kid/revoke", admin, null)))
                .isEqualTo("SigningKeyNotFound");
        expect(401, keyport.send("GET", ADMIN + "/signing_keys", keyport.user().access(), null));
        expect(401, keyport.send("POST", ADMIN + "/signing_keys/rotate", null, null));
    }

    @Test
    @Covers({ROTATE_TOKEN_KEY, TOKEN_KEYS})
    void a_token_key_rotation_with_overlap_adds_a_key_and_old_tokens_still_verify() {
        String admin = keyport.admin();
        int before = kids(expect(200, keyport.send("GET", ADMIN + "/token_keys", admin, null)))
                .size();

        JsonNode rotated = keyport.parse(
                expect(201, keyport.send("POST", ADMIN + "/token_keys/rotate", admin, "{\"emergency\":false}")));

        List<String> after = kids(expect(200, keyport.send("GET", ADMIN + "/token_keys", admin, null)));
        assertThat(after).hasSize(before + 1).contains(rotated.get("kid").getStringValue());
        assertThat(keyport.parse(expect(200, keyport.send("GET", ADMIN + "/token_keys", admin, null)))
                        .get(0)
                        .get("secret"))
                .isNull();
        expect(201, keyport.send("POST", ADMIN + "/token_keys/rotate", admin, null));
    }

    @Test
    @Covers({ROTATE_TOKEN_KEY, TOKEN_KEYS})
    void a_malformed_rotation_or_no_admin_is_refused() {
        String admin = keyport.admin();

        assertThat(keyport.refusal(
                        400, keyport.send("POST", ADMIN + "/token_keys/rotate", admin, "{\"emergency\":\"yes\"}")))
                .isEqualTo("InvalidParameter");
        expect(401, keyport.send("GET", ADMIN + "/token_keys", null, null));
    }
}
