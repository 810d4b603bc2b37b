package dev.keyport.adapter.rest.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the client address is picked from a forwarded chain, and how it becomes a bucket. */
class ThrottleKeysTest {
    private static final byte[] PEER = {127, 0, 0, 1};

    private static String client(ThrottleKeys keys, String... headerValues) {
        return ThrottleKeys.bucket(keys.chosen(List.of(headerValues), PEER));
    }

    @Test
    void without_the_header_setting_the_peer_is_the_client_whatever_the_header_says() {
        ThrottleKeys keys = new ThrottleKeys(null, null);
        assertThat(client(keys, "203.0.113.1")).isEqualTo("127.0.0.1");
    }

    @Test
    void by_default_one_proxy_is_trusted_and_its_appended_entry_is_the_client() {
        ThrottleKeys keys = new ThrottleKeys("X-Forwarded-For", "");
        assertThat(client(keys, "203.0.113.1")).isEqualTo("203.0.113.1");
        assertThat(client(keys, "6.6.6.6, 203.0.113.1")).isEqualTo("203.0.113.1");
        assertThat(client(keys, "6.6.6.6", "203.0.113.1"))
                .as("two header lines are one list")
                .isEqualTo("203.0.113.1");
        assertThat(client(keys)).as("no header: the peer").isEqualTo("127.0.0.1");
    }

    @Test
    void a_count_of_hops_skips_that_many_from_the_right() {
        ThrottleKeys keys = new ThrottleKeys("X-Forwarded-For", "3");
        assertThat(client(keys, "6.6.6.6, 198.51.100.9, 10.0.0.1, 10.0.0.2")).isEqualTo("198.51.100.9");
        assertThat(client(keys, "10.0.0.1"))
                .as("a chain shorter than the count: its left-most")
                .isEqualTo("10.0.0.1");
    }

    @Test
    void trusted_ranges_skip_proxies_and_an_untrusted_peer_is_the_client() {
        ThrottleKeys keys = new ThrottleKeys("X-Forwarded-For", "127.0.0.1, 10.0.0.0/8, fd00::/8");
        assertThat(client(keys, "6.6.6.6, 198.51.100.9, 10.200.0.1, fd00::1")).isEqualTo("198.51.100.9");
        ThrottleKeys elsewhere = new ThrottleKeys("X-Forwarded-For", "10.0.0.0/8");
        assertThat(client(elsewhere, "198.51.100.9"))
                .as("the peer 127.0.0.1 is no trusted proxy")
                .isEqualTo("127.0.0.1");
    }

    @Test
    void an_entry_that_is_no_address_stops_the_walk_at_the_address_to_its_right() {
        ThrottleKeys keys = new ThrottleKeys("X-Forwarded-For", "2");
        assertThat(client(keys, "6.6.6.6, unknown, 10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(client(keys, "example.org, 10.0.0.1"))
                .as("names are never resolved")
                .isEqualTo("10.0.0.1");
    }

    @Test
    void ipv6_is_bucketed_per_64_and_mapped_ipv4_is_ipv4() {
        assertThat(ThrottleKeys.bucket(ThrottleKeys.literal("2001:db8:1:2:3:4:5:6")))
                .isEqualTo(ThrottleKeys.bucket(ThrottleKeys.literal("[2001:db8:1:2::]:443")))
                .endsWith("/64");
        assertThat(ThrottleKeys.bucket(ThrottleKeys.literal("2001:db8:1:3::1")))
                .isNotEqualTo(ThrottleKeys.bucket(ThrottleKeys.literal("2001:db8:1:2::1")));
        assertThat(ThrottleKeys.bucket(ThrottleKeys.literal("::ffff:203.0.113.5")))
                .isEqualTo("203.0.113.5");
        assertThat(ThrottleKeys.bucket(ThrottleKeys.literal("203.0.113.5:8080")))
                .isEqualTo("203.0.113.5");
    }

    @Test
    void a_long_account_name_is_keyed_by_its_digest() {
        String longName = "a".repeat(ThrottleKeys.MAX_ACCOUNT_CHARS + 1);
        assertThat(ThrottleKeys.accountKey(longName)).startsWith("sha256:").hasSize("sha256:".length() + 64);
        assertThat(ThrottleKeys.accountKey(" Admin ")).isEqualTo("admin");
    }

    @Test
    void a_bad_trusted_proxies_setting_stops_the_start() {
        assertThatThrownBy(() -> new ThrottleKeys("X-Forwarded-For", "10.0.0.0/40"))
                .hasMessageContaining("prefix");
        assertThatThrownBy(() -> new ThrottleKeys("X-Forwarded-For", "proxy.example.org"))
                .hasMessageContaining("trusted-proxies");
    }
}
