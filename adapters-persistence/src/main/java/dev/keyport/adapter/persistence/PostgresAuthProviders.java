package dev.keyport.adapter.persistence;

import dev.keyport.application.providers.port.out.AuthProviders;
import dev.keyport.domain.provider.MetadataField;
import dev.keyport.domain.provider.ProviderSetting;
import dev.keyport.domain.user.AuthProvider;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Provider settings in {@code auth_providers}, read on every login, so held in memory: the snapshot
 * is reloaded when it is older than {@code keyport.providers.refresh-interval} (default 2 s) and at
 * once after a change saved through this instance. Another instance's change is therefore seen
 * within one interval.
 */
final class PostgresAuthProviders implements AuthProviders {
    private final Database db;
    private final JsonMapper json;
    private final Duration refreshInterval;
    private volatile Snapshot snapshot;

    private record Snapshot(Map<AuthProvider, ProviderSetting> settings, long loadedAtNanos) {}

    PostgresAuthProviders(Database db, JsonMapper json, Duration refreshInterval) {
        this.db = db;
        this.json = json;
        this.refreshInterval = refreshInterval;
    }

    @Override
    public ProviderSetting setting(AuthProvider provider) {
        return current().settings().get(provider);
    }

    @Override
    public List<ProviderSetting> all() {
        Map<AuthProvider, ProviderSetting> settings = current().settings();
        return Arrays.stream(AuthProvider.values()).map(settings::get).toList();
    }

    @Override
    public void save(ProviderSetting setting) {
        db.statement("""
                INSERT INTO auth_providers (name, disabled, config, secret_config, metadata_fields, updated_at)
                VALUES (?, ?, ?::jsonb, ?::jsonb, ?::jsonb, now())
                ON CONFLICT (name) DO UPDATE SET disabled = EXCLUDED.disabled, config = EXCLUDED.config,
                                                 secret_config = EXCLUDED.secret_config,
                                                 metadata_fields = EXCLUDED.metadata_fields,
                                                 updated_at = EXCLUDED.updated_at""", statement -> {
            statement.setString(1, setting.provider().protocolName());
            statement.setBoolean(2, setting.disabled());
            statement.setString(3, writeJson(setting.config()));
            statement.setString(4, writeJson(setting.secretConfig()));
            statement.setString(
                    5,
                    writeJson(setting.metadataFields().stream()
                            .map(field -> {
                                Map<String, Object> document = new LinkedHashMap<>();
                                document.put("required", field.required());
                                document.put("name", field.name());
                                document.put("field_name", field.fieldName());
                                return document;
                            })
                            .toList()));
            return statement.executeUpdate();
        });
        // Inside a transaction, a read between here and the commit could cache the old setting again:
        // drop the snapshot once more after the commit.
        snapshot = null;
        db.afterCommit(() -> snapshot = null);
    }

    private Snapshot current() {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (current == null || now - current.loadedAtNanos() > refreshInterval.toNanos()) {
            current = new Snapshot(load(), now);
            snapshot = current;
        }
        return current;
    }

    private Map<AuthProvider, ProviderSetting> load() {
        Map<AuthProvider, ProviderSetting> settings = new EnumMap<>(AuthProvider.class);
        for (AuthProvider provider : AuthProvider.values()) {
            settings.put(provider, ProviderSetting.enabledByDefault(provider));
        }
        return db.statement(
                "SELECT name, disabled, config::text AS config, secret_config::text AS secret_config, "
                        + "metadata_fields::text AS metadata_fields FROM auth_providers",
                statement -> {
                    try (ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            AuthProvider provider = AuthProvider.byProtocolName(rows.getString("name"))
                                    .orElseThrow();
                            List<MetadataField> fields = new ArrayList<>();
                            for (Map<String, Object> field : readList(rows.getString("metadata_fields"))) {
                                fields.add(new MetadataField(
                                        Boolean.TRUE.equals(field.get("required")), (String) field.get("name"), (String)
                                                field.get("field_name")));
                            }
                            settings.put(
                                    provider,
                                    new ProviderSetting(
                                            provider,
                                            rows.getBoolean("disabled"),
                                            readJson(rows.getString("config")),
                                            readJson(rows.getString("secret_config")),
                                            fields));
                        }
                    }
                    return settings;
                });
    }

    private List<Map<String, Object>> readList(String text) {
        try {
            return json.readValue(text, Argument.listOf(Argument.mapOf(String.class, Object.class)));
        } catch (IOException e) {
            throw new UncheckedIOException("stored metadata fields are not a JSON array", e);
        }
    }

    private String writeJson(Object config) {
        try {
            return json.writeValueAsString(config);
        } catch (IOException e) {
            throw new UncheckedIOException("provider config is not serialisable", e);
        }
    }

    private Map<String, Object> readJson(String text) {
        try {
            return json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException("stored provider config is not a JSON object", e);
        }
    }

    /** Drops the snapshot, so the next read goes to the table (for tests that empty it behind the adapter). */
    void forgetSnapshot() {
        snapshot = null;
    }
}
