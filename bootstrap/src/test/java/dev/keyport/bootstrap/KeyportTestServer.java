package dev.keyport.bootstrap;

import dev.keyport.adapter.persistence.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;

/**
 * A fully wired Keyport server started by a test, for tests that need more than one server, a
 * database of their own, or settings per test class, with {@link #testProperties} unless the
 * overrides say otherwise.
 */
final class KeyportTestServer implements AutoCloseable {
    private final EmbeddedServer server;

    private KeyportTestServer(EmbeddedServer server) {
        this.server = server;
    }

    /** On a fresh database of its own. */
    static KeyportTestServer start(Map<String, String> overrides) {
        return start(TestDatabase.freshDatabase().micronautProperties(), overrides);
    }

    /** On the database these properties name (several servers may share one). */
    static KeyportTestServer start(Map<String, ?> databaseProperties, Map<String, String> overrides) {
        Map<String, Object> properties = new HashMap<>(testProperties(databaseProperties));
        properties.putAll(overrides);
        return new KeyportTestServer(ApplicationContext.run(EmbeddedServer.class, properties));
    }

    /**
     * The settings every test server runs with: the database given, a random port, cheap password
     * hashing (the production setting is tested in the hasher's own test), and the login throttle
     * off (LoginThrottleTest turns it on).
     */
    static Map<String, String> testProperties(Map<String, ?> databaseProperties) {
        Map<String, String> properties = new HashMap<>();
        databaseProperties.forEach((key, value) -> properties.put(key, String.valueOf(value)));
        properties.put("keyport.password.iterations", "1000");
        properties.put("keyport.password.argon2.memory-kib", "64");
        properties.put("keyport.password.argon2.iterations", "1");
        properties.put("micronaut.server.port", "-1");
        properties.put("keyport.login-throttle.enabled", "false");
        // absolute: a test instance started in another working directory must find the same key-encryption key
        properties.put(
                "keyport.data-dir",
                java.nio.file.Path.of("target/keyport-test-data")
                        .toAbsolutePath()
                        .toString());
        return properties;
    }

    ProtocolClient client() {
        return new ProtocolClient(server.getURL().toString());
    }

    ApplicationContext context() {
        return server.getApplicationContext();
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
