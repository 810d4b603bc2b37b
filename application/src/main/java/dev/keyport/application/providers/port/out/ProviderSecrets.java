package dev.keyport.application.providers.port.out;

import java.util.Optional;

/**
 * The values of the secrets providers name in their {@code secret_config} (App Services kept them apart from the
 * app directory, as Secrets): for {@code custom-token}, HS256's shared signing keys. Stored as given: the caller
 * seals each value ({@link dev.keyport.application.shared.port.out.SecretSealer}, context
 * {@code provider-secret:<name>}) before it hands it over.
 */
public interface ProviderSecrets {

    /** Stores (or replaces) the sealed value of the secret {@code name}. */
    void put(String name, byte[] sealedValue);

    Optional<byte[]> find(String name);

    /** The context a provider secret is sealed under, so that a sealed value cannot be passed off as another name's. */
    static String sealingContext(String name) {
        return "provider-secret:" + name;
    }
}
