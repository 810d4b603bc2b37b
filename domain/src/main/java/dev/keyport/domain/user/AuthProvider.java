package dev.keyport.domain.user;

import java.util.Arrays;
import java.util.Optional;

/**
 * The authentication providers of the protocol; for each the name and the type are the same. {@code custom-token}
 * is App Services' Custom JWT provider: a user logs in with a token signed by the app's own identity provider.
 */
public enum AuthProvider {
    LOCAL_USERPASS("local-userpass"),
    ANON_USER("anon-user"),
    API_KEY("api-key"),
    CUSTOM_TOKEN("custom-token");

    private final String protocolName;

    AuthProvider(String protocolName) {
        this.protocolName = protocolName;
    }

    public String protocolName() {
        return protocolName;
    }

    public static Optional<AuthProvider> byProtocolName(String name) {
        return Arrays.stream(values()).filter(p -> p.protocolName.equals(name)).findFirst();
    }
}
