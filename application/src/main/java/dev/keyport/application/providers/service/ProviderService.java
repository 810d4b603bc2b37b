package dev.keyport.application.providers.service;

import dev.keyport.application.providers.port.in.ApplyAppConfiguration;
import dev.keyport.application.providers.port.in.ConfigureAuthProvider;
import dev.keyport.application.providers.port.in.LimitKeyLifetimes;
import dev.keyport.application.providers.port.in.ListAuthProviders;
import dev.keyport.application.providers.port.in.SwitchAuthProvider;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.providers.port.out.ProviderSecrets;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.shared.port.out.SecretSealer;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.domain.apikey.KeyLifetimes;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditActor;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.audit.AuditTarget;
import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The provider switches, set by an admin or by the app directory at start-up. */
public final class ProviderService
        implements ListAuthProviders,
                SwitchAuthProvider,
                ApplyAppConfiguration,
                LimitKeyLifetimes,
                ConfigureAuthProvider {
    private static final int MAX_SECRET_LENGTH = 4096;
    private final AuthProviders providers;
    private final ProviderSecrets secrets;
    private final SecretSealer sealer;
    private final Transactions transactions;
    private final AuditTrail audit;
    private final Clock clock;

    public ProviderService(
            AuthProviders providers,
            ProviderSecrets secrets,
            SecretSealer sealer,
            Transactions transactions,
            AuditTrail audit,
            Clock clock) {
        this.providers = providers;
        this.secrets = secrets;
        this.sealer = sealer;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public ProviderSetting configure(ConfigureAuthProvider.Command command) {
        return transactions.inTransaction(() -> {
            storeSecrets(List.of(command.setting()), command.secretValues());
            providers.save(command.setting());
            audit.record(new AuditEvent(
                    clock.instant(),
                    command.admin().actor(),
                    AuditAction.PROVIDER_CONFIGURED,
                    new AuditTarget.Provider(command.setting().provider()),
                    (command.setting().disabled() ? "disabled" : "enabled")
                            + (command.secretValues().isEmpty()
                                    ? ""
                                    : ", secrets set: "
                                            + String.join(
                                                    ", ",
                                                    new TreeSet<>(command.secretValues()
                                                            .keySet())))));
            return command.setting();
        });
    }

    /**
     * Seals and stores the values given, then checks that every secret an enabled setting names has a value: a
     * {@code custom-token} provider switched on without its signing keys would refuse every login.
     */
    private void storeSecrets(List<ProviderSetting> settings, Map<String, String> values) {
        for (Map.Entry<String, String> secret : values.entrySet()) {
            if (secret.getValue().isEmpty() || secret.getValue().length() > MAX_SECRET_LENGTH) {
                throw new InvalidParameter(
                        "secrets", "\"" + secret.getKey() + "\" must be 1 to " + MAX_SECRET_LENGTH + " characters");
            }
            if (secret.getValue().getBytes(StandardCharsets.UTF_8).length < 32) {
                throw new InvalidParameter(
                        "secrets", "\"" + secret.getKey() + "\" is shorter than 32 bytes, too short for an HS256 key");
            }
            secrets.put(
                    secret.getKey(),
                    sealer.seal(
                            secret.getValue().getBytes(StandardCharsets.UTF_8),
                            ProviderSecrets.sealingContext(secret.getKey())));
        }
        for (ProviderSetting setting : settings) {
            if (setting.provider() == AuthProvider.CUSTOM_TOKEN && setting.enabled()) {
                for (String name : setting.customToken().signingKeyNames()) {
                    if (!values.containsKey(name) && secrets.find(name).isEmpty()) {
                        throw new InvalidParameter("secrets", "no value for the signing key \"" + name + "\"");
                    }
                }
            }
        }
    }

    @Override
    public List<ProviderSetting> list() {
        return providers.all();
    }

    @Override
    public ProviderSetting switchProvider(SwitchAuthProvider.Command command) {
        return transactions.inTransaction(() -> {
            ProviderSetting changed = providers.setting(command.provider()).switchedTo(command.enable());
            providers.save(changed);
            record(command.admin().actor(), changed, "");
            return changed;
        });
    }

    @Override
    public ProviderSetting limit(LimitKeyLifetimes.Command command) {
        return transactions.inTransaction(() -> {
            ProviderSetting changed = providers.setting(AuthProvider.API_KEY).withKeyLifetimes(command.lifetimes());
            providers.save(changed);
            audit.record(new AuditEvent(
                    clock.instant(),
                    command.admin().actor(),
                    AuditAction.PROVIDER_KEY_LIFETIMES_CHANGED,
                    new AuditTarget.Provider(AuthProvider.API_KEY),
                    describe(command.lifetimes())));
            return changed;
        });
    }

    private static String describe(KeyLifetimes lifetimes) {
        return "user keys "
                + lifetimes
                        .userKeyMaxDays()
                        .map(days -> "at most " + days + " days")
                        .orElse("unlimited") + ", server keys "
                + lifetimes
                        .serverKeyMaxDays()
                        .map(days -> "at most " + days + " days")
                        .orElse("unlimited");
    }

    @Override
    public void apply(ApplyAppConfiguration.Command command) {
        transactions.inTransaction(() -> {
            storeSecrets(command.providers(), command.secretValues());
            for (ProviderSetting setting : command.providers()) {
                providers.save(setting);
                record(AuditActor.APP_DIRECTORY, setting, "from " + command.source());
            }
            return null;
        });
    }

    /** Called inside the switch's transaction: the event commits with it, or not at all. */
    private void record(AuditActor actor, ProviderSetting setting, String detail) {
        audit.record(new AuditEvent(
                clock.instant(),
                actor,
                setting.disabled() ? AuditAction.PROVIDER_DISABLED : AuditAction.PROVIDER_ENABLED,
                new AuditTarget.Provider(setting.provider()),
                detail));
    }
}
