package dev.keyport.adapter.startup;

import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.provider.ProviderDocument;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the provider settings of an App Services app directory, in either layout: one file per
 * provider, {@code auth_providers/<name>.json} (older exports), or one object from provider name to
 * the same document in {@code auth/providers.json} (newer exports). Each document has {@code name},
 * {@code type} (equal to the name for the three providers Keyport serves), {@code disabled} and an
 * optional {@code config} object. Anything else is refused with the file and the problem named, so
 * that a typo stops the start instead of silently enabling a provider.
 */
final class AppDirectory {
    private final JsonMapper json;

    AppDirectory(JsonMapper json) {
        this.json = json;
    }

    /** The directory could not be used; the message names the file and says what is wrong. */
    static final class Invalid extends RuntimeException {
        Invalid(Path file, String problem) {
            super("invalid app configuration " + file + ": " + problem, null, false, false);
        }
    }

    List<ProviderSetting> providers(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new Invalid(directory, "is not a directory");
        }
        Map<AuthProvider, ProviderSetting> settings = new LinkedHashMap<>();
        Path perProvider = directory.resolve("auth_providers");
        if (Files.isDirectory(perProvider)) {
            for (Path file : jsonFiles(perProvider)) {
                Map<String, Object> document = readObject(file, readTree(file));
                ProviderSetting setting = setting(file, document);
                String fileName = file.getFileName().toString();
                if (!fileName.equals(setting.provider().protocolName() + ".json")) {
                    throw new Invalid(
                            file,
                            "the file name must be the provider's name, "
                                    + setting.provider().protocolName() + ".json");
                }
                add(settings, file, setting);
            }
        }
        Path combined = directory.resolve("auth").resolve("providers.json");
        if (Files.isRegularFile(combined)) {
            Map<String, Object> byName = readObject(combined, readTree(combined));
            for (Map.Entry<String, Object> entry : byName.entrySet()) {
                if (!(entry.getValue() instanceof Map<?, ?> value)) {
                    throw new Invalid(combined, "\"" + entry.getKey() + "\" must map to a provider object");
                }
                ProviderSetting setting = setting(combined, stringKeys(value));
                if (!entry.getKey().equals(setting.provider().protocolName())) {
                    throw new Invalid(
                            combined,
                            "key \"" + entry.getKey() + "\" does not match its name \""
                                    + setting.provider().protocolName() + "\"");
                }
                add(settings, combined, setting);
            }
        }
        return List.copyOf(settings.values());
    }

    private static List<Path> jsonFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new Invalid(folder, "cannot be listed (" + e.getMessage() + ")");
        }
    }

    private Object readTree(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Invalid(file, "cannot be read (" + e.getMessage() + ")");
        }
        try {
            return json.readValue(bytes, Argument.OBJECT_ARGUMENT);
        } catch (IOException | RuntimeException e) {
            throw new Invalid(file, "is not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static Map<String, Object> readObject(Path file, Object tree) {
        if (!(tree instanceof Map<?, ?> map)) {
            throw new Invalid(file, "must hold a JSON object");
        }
        return stringKeys(map);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((key, value) -> result.put(String.valueOf(key), value));
        return result;
    }

    private static ProviderSetting setting(Path file, Map<String, Object> document) {
        try {
            return ProviderDocument.read(document);
        } catch (InvalidParameter e) {
            throw new Invalid(file, e.getMessage());
        }
    }

    /**
     * The values of the secrets the settings name, from the environment: {@code KEYPORT_SECRET_} and the name
     * upper-cased, with {@code -} as {@code _} (a secret {@code customTokenKey} is {@code KEYPORT_SECRET_CUSTOMTOKENKEY}).
     * A name without a variable is left out: the value stored before is kept, and none at all stops the start.
     */
    static Map<String, String> secretValues(
            List<ProviderSetting> settings, java.util.function.Function<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ProviderSetting setting : settings) {
            if (setting.secretConfig().get("signingKeys") instanceof List<?> names) {
                for (Object name : names) {
                    String value = environment.apply(secretVariable(String.valueOf(name)));
                    if (value != null && !value.isEmpty()) {
                        values.put(String.valueOf(name), value);
                    }
                }
            }
        }
        return values;
    }

    static String secretVariable(String name) {
        return "KEYPORT_SECRET_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    private static void add(Map<AuthProvider, ProviderSetting> settings, Path file, ProviderSetting setting) {
        if (settings.putIfAbsent(setting.provider(), setting) != null) {
            throw new Invalid(file, "configures \"" + setting.provider().protocolName() + "\" a second time");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
