package dev.keyport.application.providers.service;

import dev.keyport.domain.user.AuthProvider;
import dev.keyport.domain.apikey.KeyLifetimes;
import dev.keyport.application.providers.port.in.LimitKeyLifetimes;
import dev.keyport.domain.audit.AuditTarget;

import dev.keyport.domain.audit.AuditActor;

import dev.keyport.application.providers.port.in.ApplyAppConfiguration;
import dev.keyport.application.providers.port.in.ListAuthProviders;
import dev.keyport.application.providers.port.in.SwitchAuthProvider;
import dev.keyport.application.shared.port.out.AuditTrail;
import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.application.shared.port.out.Transactions;
import dev.keyport.domain.audit.AuditAction;
import dev.keyport.domain.audit.AuditEvent;
import dev.keyport.domain.provider.ProviderSetting;
import java.time.Clock;
import java.util.List;

/** The provider switches, set by an admin or by the app directory at start-up. */
public final class ProviderService implements ListAuthProviders, SwitchAuthProvider, ApplyAppConfiguration, LimitKeyLifetimes {
    private final AuthProviders providers;
    private final Transactions transactions;
    private final AuditTrail audit;
    private final Clock clock;

    public ProviderService(AuthProviders providers, Transactions transactions, AuditTrail audit, Clock clock) {
        this.providers = providers;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock;
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
            audit.record(new AuditEvent(clock.instant(), command.admin().actor(), AuditAction.PROVIDER_KEY_LIFETIMES_CHANGED,
                    new AuditTarget.Provider(AuthProvider.API_KEY), describe(command.lifetimes())));
            return changed;
        });
    }

    private static String describe(KeyLifetimes lifetimes) {
        return "user keys " + lifetimes.userKeyMaxDays().map(days -> "at most " + days + " days").orElse("unlimited")
                + ", server keys " + lifetimes.serverKeyMaxDays().map(days -> "at most " + days + " days").orElse("unlimited");
    }

    @Override
    public void apply(ApplyAppConfiguration.Command command) {
        transactions.inTransaction(() -> {
            for (ProviderSetting setting : command.providers()) {
                providers.save(setting);
                record(AuditActor.APP_DIRECTORY, setting, "from " + command.source());
            }
            return null;
        });
    }

    /** Called inside the switch's transaction: the event commits with it, or not at all. */
    private void record(AuditActor actor, ProviderSetting setting, String detail) {
        audit.record(new AuditEvent(clock.instant(), actor,
                setting.disabled() ? AuditAction.PROVIDER_DISABLED : AuditAction.PROVIDER_ENABLED,
                new AuditTarget.Provider(setting.provider()), detail));
    }
}
