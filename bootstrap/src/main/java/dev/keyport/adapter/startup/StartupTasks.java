package dev.keyport.adapter.startup;

import dev.keyport.application.admin.port.in.EnsureAdminAccount;
import dev.keyport.application.providers.port.in.ApplyAppConfiguration;
import dev.keyport.application.signingkeys.port.in.AccessTokenKeys;
import dev.keyport.application.signingkeys.port.in.TokenKeys;
import dev.keyport.bootstrap.KeyportSettings;
import dev.keyport.domain.provider.ProviderSetting;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Keyport does once at start, before it serves: applies the app directory, if one is
 * configured ({@code KEYPORT_APP_DIR}), makes sure the admin can log in (a generated password is written
 * to {@code admin-password} in the data directory, owner-only, and the log says where), and opens the
 * token keys.
 * Created eagerly with the context, so an invalid app directory, or token keys sealed under another
 * key-encryption key, stop the start with the problem named instead of failing requests later.
 */
@Context
final class StartupTasks {
    private static final Logger LOG = LoggerFactory.getLogger(StartupTasks.class);

    StartupTasks(
            @Nullable @Value("${keyport.app-dir:}") String appDir,
            KeyportSettings settings,
            JsonMapper json,
            StartUp useCases) {
        String dataDirectory = settings.store().dataDirectory();
        ApplyAppConfiguration applyAppConfiguration = useCases.applyAppConfiguration();
        EnsureAdminAccount ensureAdminAccount = useCases.ensureAdminAccount();
        TokenKeys tokenKeys = useCases.tokenKeys();
        AccessTokenKeys accessTokenKeys = useCases.accessTokenKeys();
        LOG.info(
                "Access tokens are signed ES256 with key {}; refresh and admin tokens HS256 with token key {} (of {} in the set)",
                accessTokenKeys.ring().signing().kid(),
                tokenKeys.signing().kid(),
                tokenKeys.keys().size());
        if (appDir != null && !appDir.isBlank()) {
            Path directory = Path.of(appDir.strip()).toAbsolutePath().normalize();
            List<ProviderSetting> providers = new AppDirectory(json).providers(directory);
            try {
                applyAppConfiguration.apply(new ApplyAppConfiguration.Command(
                        directory.toString(), providers, AppDirectory.secretValues(providers, System::getenv)));
            } catch (dev.keyport.domain.error.InvalidParameter e) {
                throw new AppDirectory.Invalid(
                        directory,
                        e.getMessage() + " (secret values come from KEYPORT_SECRET_<NAME>, e.g. "
                                + AppDirectory.secretVariable("customTokenKey") + ")");
            }
            LOG.info(
                    "App directory {} applied: {}",
                    directory,
                    providers.isEmpty()
                            ? "no provider files"
                            : providers.stream()
                                    .map(p -> p.provider().protocolName() + (p.disabled() ? " (disabled)" : ""))
                                    .collect(Collectors.joining(", ")));
        }
        EnsureAdminAccount.Result admin = ensureAdminAccount.ensure();
        // the password goes to an owner-only file, never to the log, where aggregators would keep it
        admin.generatedPassword()
                .ifPresent(password ->
                        LOG.warn("""

                ==========================================================================
                 Admin account '{}' created with a generated password, written to
                     {}
                 (readable by its owner only). Sign in at /admin/ , then delete the file
                 or change the password there. Only a hash is stored; to choose the
                 password yourself, set KEYPORT_ADMIN_PASSWORD.
                ==========================================================================""", admin.username(), AdminPasswordFile.write(Path.of(dataDirectory), password)));
    }
}
