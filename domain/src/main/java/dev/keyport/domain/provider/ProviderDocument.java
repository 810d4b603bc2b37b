package dev.keyport.domain.provider;

import dev.keyport.domain.error.InvalidParameter;
import dev.keyport.domain.user.AuthProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A provider as App Services writes it, in an app directory ({@code auth_providers/<name>.json}) and in its admin
 * API: {@code name}, {@code type} (the same for every provider Keyport serves), {@code disabled}, {@code config},
 * {@code secret_config} (names of secrets, never values) and {@code metadata_fields}. Anything else is refused, so a
 * typo does not silently enable a provider.
 */
public final class ProviderDocument {
    private static final String KNOWN =
            Arrays.stream(AuthProvider.values()).map(AuthProvider::protocolName).collect(Collectors.joining(", "));

    private ProviderDocument() {}

    /** @throws InvalidParameter naming what is wrong */
    public static ProviderSetting read(Map<String, Object> document) {
        if (!(document.get("name") instanceof String name)) {
            throw new InvalidParameter("provider", "needs \"name\", a string");
        }
        if (!(document.get("type") instanceof String type)) {
            throw new InvalidParameter("provider", "needs \"type\", a string");
        }
        AuthProvider provider = AuthProvider.byProtocolName(type)
                .orElseThrow(() -> new InvalidParameter(
                        "provider", "has an unknown provider type \"" + type + "\" (Keyport serves " + KNOWN + ")"));
        if (!name.equals(type)) {
            throw new InvalidParameter(
                    "provider",
                    "name \"" + name + "\" does not match type \"" + type + "\" (for " + type
                            + " the name is the type)");
        }
        Object disabled = document.getOrDefault("disabled", Boolean.FALSE);
        if (!(disabled instanceof Boolean isDisabled)) {
            throw new InvalidParameter("\"disabled\"", "must be true or false");
        }
        return new ProviderSetting(
                provider,
                isDisabled,
                object(document, "config"),
                object(document, "secret_config"),
                metadataFields(document.get("metadata_fields")));
    }

    private static Map<String, Object> object(Map<String, Object> document, String key) {
        Object value = document.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidParameter("\"" + key + "\"", "must be an object");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((k, v) -> result.put(String.valueOf(k), v));
        return result;
    }

    private static List<MetadataField> metadataFields(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidParameter("metadata_fields", "must be an array");
        }
        List<MetadataField> fields = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> field) || !(field.get("name") instanceof String name)) {
                throw new InvalidParameter("metadata_fields", "each needs \"name\", the claim's path");
            }
            Object required = field.get("required") == null ? Boolean.FALSE : field.get("required");
            Object fieldName = field.get("field_name");
            if (!(required instanceof Boolean isRequired) || fieldName != null && !(fieldName instanceof String)) {
                throw new InvalidParameter("metadata_fields", "required must be true or false and field_name a string");
            }
            fields.add(new MetadataField(isRequired, name, (String) fieldName));
        }
        return fields;
    }

    /** The document App Services would hold for this setting: what the export and the admin API show. */
    public static Map<String, Object> write(ProviderSetting setting) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", setting.provider().protocolName());
        document.put("type", setting.provider().protocolName());
        document.put("disabled", setting.disabled());
        if (!setting.config().isEmpty()) {
            document.put("config", setting.config());
        }
        if (!setting.secretConfig().isEmpty()) {
            document.put("secret_config", setting.secretConfig());
        }
        if (!setting.metadataFields().isEmpty()) {
            document.put(
                    "metadata_fields",
                    setting.metadataFields().stream()
                            .map(field -> {
                                Map<String, Object> written = new LinkedHashMap<>();
                                written.put("required", field.required());
                                written.put("name", field.name());
                                written.put("field_name", field.fieldName());
                                return written;
                            })
                            .toList());
        }
        return document;
    }
}
