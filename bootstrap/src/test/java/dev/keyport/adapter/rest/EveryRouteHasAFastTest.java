package dev.keyport.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every route the router serves has a fast test: a test method of this module that names it in
 * {@link Covers} (and, checked by {@link RouteCoverage} when that test runs, really sends a request to it).
 * The route list comes from the router, as {@code OpenApiCompletenessTest} in bootstrap takes it, so a new
 * route without a fast test fails the build; a {@link Covers} naming a route that does not exist fails too.
 */
class EveryRouteHasAFastTest {
    /** Routes still without a fast test. Only ever shrinks; empty now. */
    private static final Set<String> NOT_YET_COVERED = Set.of();

    @Test
    void every_route_of_the_router_is_covered_by_a_test_and_every_covered_route_exists() {
        Set<String> served = InMemoryKeyport.shared().edge.routes();
        TreeMap<String, List<String>> covered = coveredRoutes();

        assertThat(served).as("routes found by the router").hasSizeGreaterThan(40);
        Set<String> uncovered = new TreeSet<>(served);
        uncovered.removeAll(covered.keySet());
        assertThat(uncovered)
                .as("routes without a fast test (name them in @Covers on a test that sends them)")
                .containsExactlyInAnyOrderElementsOf(NOT_YET_COVERED);
        assertThat(covered.keySet())
                .as("@Covers names only routes the router has")
                .isSubsetOf(served);
    }

    /** Route -> the test methods that name it, from every class compiled into this module's test output. */
    private static TreeMap<String, List<String>> coveredRoutes() {
        TreeMap<String, List<String>> covered = new TreeMap<>();
        testClasses()
                .flatMap(type -> Arrays.stream(type.getDeclaredMethods()))
                .filter(method -> method.isAnnotationPresent(Covers.class))
                .forEach(method -> Arrays.stream(
                                method.getAnnotation(Covers.class).value())
                        .forEach(route -> covered.computeIfAbsent(route, r -> new java.util.ArrayList<>())
                                .add(name(method))));
        return covered;
    }

    private static String name(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }

    private static Stream<Class<?>> testClasses() {
        try {
            Path root = Path.of(EveryRouteHasAFastTest.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            try (Stream<Path> files = Files.walk(root)) {
                List<String> names = files.map(root::relativize)
                        .map(Path::toString)
                        .filter(file -> file.endsWith(".class") && !file.contains("$"))
                        .map(file -> file.substring(0, file.length() - ".class".length())
                                .replace(java.io.File.separatorChar, '.'))
                        .toList();
                return names.stream().map(EveryRouteHasAFastTest::load);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, EveryRouteHasAFastTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
