package dev.keyport.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.domain.account.UserpassSettings;
import dev.keyport.domain.error.InvalidParameter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The local-userpass settings that go into mails (ADR 0022): links and subjects that cannot inject anything. */
class UserpassSettingsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://app.example.org/confirm",
                "http://localhost:3000/reset?lang=en",
                "https://[2001:db8::1]:8443/c",
                "https://app.example.org?x=1",
                "HTTPS://App.Example.org/"
            })
    void these_links_are_accepted(String url) {
        assertThat(UserpassSettings.of(Map.of("resetPasswordUrl", url)).resetPasswordUrl())
                .contains(url);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "javascript:alert(1)",
                "ftp://app.example.org/",
                "https://",
                "https://user@evil.example/",
                "https://app.example.org/#frag",
                "https://app.example.org/\r\nBcc: x@example.org",
                "//app.example.org/x",
                "https://app.example.org/a b",
                "https://app.example.org/\"><script>",
                "https://-bad-.example/",
                "https://app.example.org:123456/"
            })
    void these_links_are_refused(String url) {
        assertThatThrownBy(() -> UserpassSettings.of(Map.of("resetPasswordUrl", url)))
                .isInstanceOf(InvalidParameter.class);
    }

    @Test
    void subjects_with_line_breaks_and_over_long_ones_are_refused() {
        assertThatThrownBy(() -> UserpassSettings.of(Map.of("confirmEmailSubject", "Hi\nBcc: all@example.org")))
                .isInstanceOf(InvalidParameter.class);
        assertThatThrownBy(() -> UserpassSettings.of(Map.of("resetPasswordSubject", "x".repeat(201))))
                .isInstanceOf(InvalidParameter.class);
        assertThat(UserpassSettings.defaults().autoConfirm())
                .as("nothing configured: confirmed at once, as before")
                .isTrue();
        assertThat(UserpassSettings.link("https://a.example/r?l=en", "t", "i"))
                .isEqualTo("https://a.example/r?l=en&token=t&tokenId=i");
    }
}
