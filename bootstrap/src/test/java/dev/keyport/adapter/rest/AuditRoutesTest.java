package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.ADMIN;
import static dev.keyport.adapter.rest.InMemoryKeyport.APPS;
import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.InMemoryKeyport.Key;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

/** The audit trail (AuditController) over the real services. */
class AuditRoutesTest {
    private static final String AUDIT = "GET /api/admin/v3.0/apps/{app}/audit";
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    @Test
    @Covers(AUDIT)
    void the_newest_entries_come_first_as_many_as_asked_for() {
        String admin = keyport.admin();
        Key key = keyport.serverKey(admin);
        expect(204, keyport.send("PUT", APPS + "/api_keys/" + key.id() + "/disable", admin, null));

        JsonNode entries = keyport.parse(expect(200, keyport.send("GET", APPS + "/audit?limit=2", admin, null)));

        assertThat(entries.size()).isEqualTo(2);
        assertThat(entries.get(0).get("target").getStringValue()).contains(key.id());
        assertThat(entries.get(0).get("actor").getStringValue()).contains("root");
        assertThat(keyport.parse(expect(200, keyport.send("GET", APPS + "/audit", admin, null)))
                        .size())
                .isGreaterThan(2);
    }

    @Test
    @Covers(AUDIT)
    void a_malformed_limit_another_app_or_no_admin_is_refused() {
        String admin = keyport.admin();

        assertThat(keyport.refusal(400, keyport.send("GET", APPS + "/audit?limit=many", admin, null)))
                .isEqualTo("InvalidParameter");
        expect(400, keyport.send("GET", APPS + "/audit?limit=0", admin, null));
        expect(404, keyport.send("GET", ADMIN + "/apps/other/audit", admin, null));
        expect(401, keyport.send("GET", APPS + "/audit", null, null));
    }
}
