package dev.keyport.adapter.rest;

import static dev.keyport.adapter.rest.InMemoryKeyport.APPS;
import static dev.keyport.adapter.rest.InMemoryKeyport.expect;
import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.InMemoryKeyport.Key;
import dev.keyport.adapter.rest.RestEdge.Answer;
import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Webhook endpoints, deliveries and attempts (WebhooksController) over the real services. */
class WebhookRoutesTest {
    private static final String HOOKS = "/api/admin/v3.0/apps/{app}/webhooks";
    private static final String ADD = "POST " + HOOKS;
    private static final String LIST = "GET " + HOOKS;
    private static final String REMOVE = "DELETE " + HOOKS + "/{id}";
    private static final String DELIVERIES = "GET " + HOOKS + "/deliveries";
    private static final String ATTEMPTS = "GET " + HOOKS + "/deliveries/{id}/attempts";
    private final InMemoryKeyport keyport = InMemoryKeyport.shared();

    private List<String> ids(Answer answer) {
        List<String> ids = new ArrayList<>();
        keyport.parse(answer).values().forEach(item -> ids.add(item.get("_id").getStringValue()));
        return ids;
    }

    private String add(String admin) {
        return keyport.text(
                expect(
                        201,
                        keyport.send(
                                "POST",
                                APPS + "/webhooks",
                                admin,
                                "{\"url\":\"" + keyport.receiverUrl(InMemoryKeyport.unique("hook")) + "\"}")),
                "_id");
    }

    @Test
    @Covers({ADD, LIST, REMOVE})
    void an_endpoint_is_added_with_its_secret_listed_without_it_and_removed() {
        String admin = keyport.admin();

        Answer added = expect(
                201,
                keyport.send("POST", APPS + "/webhooks", admin, "{\"url\":\"" + keyport.receiverUrl("keys") + "\"}"));
        String id = keyport.text(added, "_id");
        assertThat(keyport.text(added, "secret")).isNotBlank();
        Answer listed = expect(200, keyport.send("GET", APPS + "/webhooks", admin, null));
        assertThat(ids(listed)).contains(id);
        assertThat(listed.body()).doesNotContain(keyport.text(added, "secret"));

        expect(204, keyport.send("DELETE", APPS + "/webhooks/" + id, admin, null));

        assertThat(ids(expect(200, keyport.send("GET", APPS + "/webhooks", admin, null))))
                .doesNotContain(id);
        assertThat(keyport.refusal(404, keyport.send("DELETE", APPS + "/webhooks/" + id, admin, null)))
                .isEqualTo("WebhookNotFound");
    }

    @Test
    @Covers({ADD, LIST})
    void an_endpoint_needs_a_url_and_an_admin() {
        String admin = keyport.admin();

        assertThat(keyport.refusal(400, keyport.send("POST", APPS + "/webhooks", admin, "{}")))
                .isEqualTo("MissingParameter");
        expect(400, keyport.send("POST", APPS + "/webhooks", admin, "{\"url\":\"not a url\"}"));
        expect(401, keyport.send("GET", APPS + "/webhooks", null, null));
    }

    @Test
    @Covers({DELIVERIES, ATTEMPTS})
    void a_key_event_becomes_a_delivery_whose_attempts_are_listed() {
        String admin = keyport.admin();
        String endpoint = add(admin);
        Key key = keyport.serverKey(admin);
        expect(204, keyport.send("PUT", APPS + "/api_keys/" + key.id() + "/disable", admin, null));

        JsonNode delivery = null;
        for (JsonNode candidate : keyport.parse(
                        expect(200, keyport.send("GET", APPS + "/webhooks/deliveries?limit=100", admin, null)))
                .values()) {
            if (candidate.get("endpoint_id").getStringValue().equals(endpoint)
                    && candidate.get("payload").getStringValue().contains(key.id())) {
                delivery = candidate;
                break;
            }
        }
        assertThat(delivery)
                .as("a delivery of the disabled key to the new endpoint")
                .isNotNull();
        String id = delivery.get("_id").getStringValue();
        expect(200, keyport.send("GET", APPS + "/webhooks/deliveries/" + id + "/attempts", admin, null));

        while (keyport.webhooks.deliverDue() > 0) {
            // every due delivery is attempted once; the receiver accepts each
        }

        JsonNode attempts = keyport.parse(
                expect(200, keyport.send("GET", APPS + "/webhooks/deliveries/" + id + "/attempts", admin, null)));
        assertThat(attempts.size()).isEqualTo(1);
        assertThat(attempts.get(0).get("status").getIntValue()).isEqualTo(204);
        expect(204, keyport.send("DELETE", APPS + "/webhooks/" + endpoint, admin, null));
    }

    @Test
    @Covers({DELIVERIES, ATTEMPTS})
    void a_malformed_limit_or_an_unknown_delivery_is_refused() {
        String admin = keyport.admin();

        expect(400, keyport.send("GET", APPS + "/webhooks/deliveries?limit=lots", admin, null));
        expect(404, keyport.send("GET", APPS + "/webhooks/deliveries/no-such-delivery/attempts", admin, null));
    }
}
