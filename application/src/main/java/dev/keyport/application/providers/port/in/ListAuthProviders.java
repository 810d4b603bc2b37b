package dev.keyport.application.providers.port.in;

import dev.keyport.domain.provider.ProviderSetting;
import java.util.List;

/** The three providers and their settings (also what the app-directory export writes). */
public interface ListAuthProviders {
    List<ProviderSetting> list();
}
