package dev.keyport.adapter.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppDirectoryTest {
    private final AppDirectory reader = new AppDirectory(JsonMapper.createDefault());

    @TempDir
    Path app;

    private Path write(String relative, String content) throws IOException {
        Path file = app.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void reads_one_file_per_provider_as_app_services_exports_them() throws IOException {
        write("auth_providers/api-key.json", "{\"name\":\"api-key\",\"type\":\"api-key\",\"disabled\":true}");
        write("auth_providers/local-userpass.json", """
                {"name": "local-userpass", "type": "local-userpass", "disabled": false,
                 "config": {"autoConfirm": true, "resetPasswordUrl": "https://example.org/reset"}}""");
        write("auth_providers/README.md", "not a provider file");
        assertThat(reader.providers(app))
                .containsExactly(
                        new ProviderSetting(AuthProvider.API_KEY, true, Map.of()),
                        new ProviderSetting(
                                AuthProvider.LOCAL_USERPASS,
                                false,
                                Map.of("autoConfirm", true, "resetPasswordUrl", "https://example.org/reset")));
    }

    @Test
    void a_custom_token_file_as_app_services_exports_it_with_its_secrets_from_the_environment() throws IOException {
        write("auth_providers/custom-token.json", """
                {"name": "custom-token", "type": "custom-token", "disabled": false,
                 "config": {"audience": ["my-app"], "requireAnyAudience": false, "signingAlgorithm": "HS256", "useJWKURI": false},
                 "secret_config": {"signingKeys": ["customTokenKey", "old-key"]},
                 "metadata_fields": [{"required": true, "name": "user_data.email", "field_name": "email"},
                                     {"required": false, "name": "user_data.name"}]}""");
        ProviderSetting setting = reader.providers(app).getFirst();
        assertThat(setting.provider()).isEqualTo(AuthProvider.CUSTOM_TOKEN);
        assertThat(setting.customToken().signingKeyNames()).containsExactly("customTokenKey", "old-key");
        assertThat(setting.customToken().audience()).containsExactly("my-app");
        assertThat(setting.metadataFields())
                .extracting(dev.keyport.domain.provider.MetadataField::fieldName)
                .containsExactly("email", "name");
        assertThat(AppDirectory.secretValues(List.of(setting), Map.of("KEYPORT_SECRET_CUSTOMTOKENKEY", "v1")::get))
                .isEqualTo(Map.of("customTokenKey", "v1"));
        assertThat(AppDirectory.secretVariable("old-key")).isEqualTo("KEYPORT_SECRET_OLD_KEY");
    }

    @Test
    void key_lifetimes_are_read_from_the_api_key_provider_s_config() throws IOException {
        write(
                "auth_providers/api-key.json",
                "{\"name\": \"api-key\", \"type\": \"api-key\", "
                        + "\"config\": {\"userKeyMaxLifetimeDays\": 90, \"serverKeyMaxLifetimeDays\": 365}}");
        assertThat(reader.providers(app)).singleElement().satisfies(setting -> {
            assertThat(setting.keyLifetimes().userKeyMaxDays()).contains(90L);
            assertThat(setting.keyLifetimes().serverKeyMaxDays()).contains(365L);
        });
    }

    @Test
    void the_confirmation_and_reset_settings_are_read_and_a_setting_that_would_inject_mail_headers_stops_the_start()
            throws IOException {
        write("auth_providers/local-userpass.json", """
                {"name": "local-userpass", "type": "local-userpass",
                 "config": {"autoConfirm": false, "emailConfirmationUrl": "https://app.example.org/confirm",
                            "resetPasswordSubject": "New password"}}""");
        assertThat(reader.providers(app)).singleElement().satisfies(setting -> {
            assertThat(setting.userpass().autoConfirm()).isFalse();
            assertThat(setting.userpass().emailConfirmationUrl()).contains("https://app.example.org/confirm");
            assertThat(setting.userpass().resetPasswordSubject()).isEqualTo("New password");
        });
        Path file = write("auth_providers/local-userpass.json", """
                {"name": "local-userpass", "type": "local-userpass",
                 "config": {"confirmEmailSubject": "Hi\\r\\nBcc: everyone@example.org"}}""");
        assertThatThrownBy(() -> reader.providers(app))
                .hasMessageContaining(file.toString())
                .hasMessageContaining("confirmEmailSubject must not contain control characters");
    }

    @Test
    void reads_the_newer_single_file_layout() throws IOException {
        write("auth/providers.json", """
                {"anon-user": {"name": "anon-user", "type": "anon-user", "disabled": true},
                 "api-key": {"name": "api-key", "type": "api-key", "disabled": false}}""");
        assertThat(reader.providers(app))
                .containsExactly(
                        new ProviderSetting(AuthProvider.ANON_USER, true, Map.of()),
                        new ProviderSetting(AuthProvider.API_KEY, false, Map.of()));
    }

    @Test
    void an_empty_directory_configures_nothing() {
        assertThat(reader.providers(app)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bad JSON             | api-key.json        | {\"name\": \"api-key\",                                   | is not valid JSON",
                "not an object        | api-key.json        | [1, 2]                                                     | must hold a JSON object",
                "unknown type         | api-key.json        | {\"name\":\"api-key\",\"type\":\"api-keys\"}               | unknown provider type \"api-keys\"",
                "name/type mismatch   | api-key.json        | {\"name\":\"apikey\",\"type\":\"api-key\"}                 | name \"apikey\" does not match type \"api-key\"",
                "missing name         | api-key.json        | {\"type\":\"api-key\"}                                     | needs \"name\"",
                "missing type         | api-key.json        | {\"name\":\"api-key\"}                                     | needs \"type\"",
                "disabled not boolean | api-key.json        | {\"name\":\"api-key\",\"type\":\"api-key\",\"disabled\":\"no\"} | \"disabled\" must be true or false",
                "config not object    | api-key.json        | {\"name\":\"api-key\",\"type\":\"api-key\",\"config\":[]}  | \"config\" must be an object",
                "file name mismatch   | anon-user.json      | {\"name\":\"api-key\",\"type\":\"api-key\"}                | the file name must be the provider's name",
                "lifetime not days    | api-key.json        | {\"name\":\"api-key\",\"type\":\"api-key\",\"config\":{\"userKeyMaxLifetimeDays\":1.5}} | userKeyMaxLifetimeDays must be a whole number of days from 1 to 36500",
                "lifetime a string    | api-key.json        | {\"name\":\"api-key\",\"type\":\"api-key\",\"config\":{\"serverKeyMaxLifetimeDays\":\"90\"}} | serverKeyMaxLifetimeDays must be a whole number",
                "lifetime zero        | api-key.json        | {\"name\":\"api-key\",\"type\":\"api-key\",\"config\":{\"userKeyMaxLifetimeDays\":0}} | userKeyMaxLifetimeDays must be a whole number",
                "grace too long       | api-key.json        | {\"name\":\"api-key\",\"type\":\"api-key\",\"config\":{\"rollGraceMaxHours\":8761}} | rollGraceMaxHours must be a whole number of hours from 0 to 8760",
            })
    void an_invalid_provider_file_is_refused_with_the_file_and_the_problem_named(
            String label, String fileName, String content, String problem) throws IOException {
        Path file = write("auth_providers/" + fileName, content);
        assertThatThrownBy(() -> reader.providers(app))
                .isInstanceOf(AppDirectory.Invalid.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining(problem);
    }

    @Test
    void a_provider_configured_in_both_layouts_is_refused() throws IOException {
        write("auth_providers/api-key.json", "{\"name\":\"api-key\",\"type\":\"api-key\"}");
        Path combined = write("auth/providers.json", "{\"api-key\": {\"name\":\"api-key\",\"type\":\"api-key\"}}");
        assertThatThrownBy(() -> reader.providers(app))
                .hasMessageContaining(combined.toString())
                .hasMessageContaining("a second time");
    }

    @Test
    void a_missing_directory_is_refused() {
        Path missing = app.resolve("nope");
        assertThatThrownBy(() -> reader.providers(missing))
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("is not a directory");
    }
}
