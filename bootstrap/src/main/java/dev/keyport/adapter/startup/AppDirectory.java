package dev.keyport.adapter.startup;

import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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
    private static final String KNOWN = Arrays.stream(AuthProvider.values())
            .map(AuthProvider::protocolName).collect(Collectors.joining(", "));

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
                    throw new Invalid(file, "the file name must be the provider's name, "
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
                    throw new Invalid(combined, "key \"" + entry.getKey() + "\" does not match its name \""
                            + setting.provider().protocolName() + "\"");
                }
                add(settings, combined, setting);
            }
        }
        return List.copyOf(settings.values());
    }

    private static List<Path> jsonFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json")).sorted().toList();
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
        if (!(document.get("name") instanceof String name)) {
            throw new Invalid(file, "needs \"name\", a string");
        }
        if (!(document.get("type") instanceof String type)) {
            throw new Invalid(file, "needs \"type\", a string");
        }
        AuthProvider provider = AuthProvider.byProtocolName(type).orElseThrow(() -> new Invalid(file,
                "unknown provider type \"" + type + "\" (Keyport serves " + KNOWN + ")"));
        if (!name.equals(type)) {
            throw new Invalid(file, "name \"" + name + "\" does not match type \"" + type
                    + "\" (for " + type + " the name is the type)");
        }
        Object disabled = document.getOrDefault("disabled", Boolean.FALSE);
        if (!(disabled instanceof Boolean isDisabled)) {
            throw new Invalid(file, "\"disabled\" must be true or false");
        }
        Object config = document.getOrDefault("config", Map.of());
        if (!(config instanceof Map<?, ?> configMap)) {
            throw new Invalid(file, "\"config\" must be an object");
        }
        try {
            return new ProviderSetting(provider, isDisabled, stringKeys(configMap));
        } catch (InvalidParameter e) {
            throw new Invalid(file, "\"config\": " + e.getMessage()); // a setting Keyport reads (key lifetimes)
        }
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
