package dev.keyport.bootstrap;

import dev.keyport.adapter.persistence.TestDatabase;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base for tests of the fully wired server (REST + application + PostgreSQL adapter) on a fresh,
 * real PostgreSQL database per test class. Password hashing runs with few iterations here; the
 * production setting is tested in the hasher's own test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KeyportServerTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    ProtocolClient client;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        TestDatabase.freshDatabase().micronautProperties().forEach((key, value) -> properties.put(key, String.valueOf(value)));
        properties.put("keyport.password.iterations", "1000");
        properties.put("micronaut.server.port", "-1");
        properties.put("keyport.login-throttle.enabled", "false"); // LoginThrottleTest turns it on
        return properties;
    }

    @BeforeEach
    void client() {
        client = new ProtocolClient(server.getURL().toString());
    }

    static String uniqueEmail() {
        return "user-" + System.nanoTime() + "@example.org";
    }
}
