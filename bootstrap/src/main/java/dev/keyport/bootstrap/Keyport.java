package dev.keyport.bootstrap;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Starts Keyport. With {@code DATASOURCES_DEFAULT_URL} (or {@code datasources.default.url}) set it
 * uses that PostgreSQL; with {@code KEYPORT_STORE=memory} it uses no database at all (everything is
 * lost when it stops); otherwise it first starts the embedded PostgreSQL, with its data under
 * {@code KEYPORT_DATA_DIR} (default {@code ./.keyport}). On SIGTERM the server stops, then the
 * embedded database.
 */
public final class Keyport {
    private Keyport() {}

    public static void main(String[] args) {
        // read first: an invalid value stops the start before the embedded database is started
        Map<String, Object> carrier = EventLoopCarrier.properties(
                setting("KEYPORT_HTTP_LOOM_CARRIER", "keyport.http.loom-carrier", "false"), EventLoopCarrier::whyNot);
        boolean inMemory = inMemoryStoreChosen();
        // the hook that stops the embedded database after the server is registered before the database starts
        Optional<EmbeddedDatabaseStop> embedded = inMemory || externalDatabaseConfigured()
                ? Optional.empty()
                : Optional.of(EmbeddedDatabaseStop.startDatabase(dataDirectory()));
        Map<String, Object> properties = new HashMap<>();
        embedded.ifPresent(stop -> properties.putAll(stop.database().micronautProperties()));
        if (inMemory) {
            properties.putAll(NO_DATABASE);
        }
        properties.putAll(carrier);

        Supplier<ApplicationContext> start = () -> Micronaut.build(args)
                .mainClass(Keyport.class)
                .banner(false) // application.yml is read after the banner; a JSON log must be JSON from its first line
                .properties(properties)
                .start();
        ApplicationContext context =
                embedded.map(stop -> stop.startServer(start)).orElseGet(start);
        EventLoopCarrier.report(context);
    }

    /** With the in-memory store there is no pool to open and no schema to migrate. */
    static final Map<String, Object> NO_DATABASE = Map.of(
            "datasources.default.enabled", false,
            "flyway.datasources.default.enabled", false);

    static boolean inMemoryStoreChosen() {
        return setting("KEYPORT_STORE", "keyport.store", "postgres").strip().equals("memory");
    }

    static boolean externalDatabaseConfigured() {
        return isSet(setting("DATASOURCES_DEFAULT_URL", "datasources.default.url", ""));
    }

    static Path dataDirectory() {
        return Path.of(setting("KEYPORT_DATA_DIR", "keyport.data-dir", ".keyport"));
    }

    /**
     * A setting main needs before Micronaut reads its configuration: the environment variable if it is
     * set, else the system property, else the default.
     */
    private static String setting(String environmentVariable, String systemProperty, String fallback) {
        String value = System.getenv(environmentVariable);
        return isSet(value) ? value : System.getProperty(systemProperty, fallback);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
