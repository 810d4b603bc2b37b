package dev.keyport.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.bootstrap.KeyportSettings;
import io.micronaut.core.value.PropertyResolver;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's configuration table true to the code, both ways: every property {@link KeyportSettings#from}
 * reads has a row (as its environment variable), with its default from {@link KeyportSettings#defaults()}; and every
 * {@code KEYPORT_*} variable of the table is read somewhere: by {@code KeyportSettings}, or by an entry point
 * ({@code ${keyport...:default}} placeholders of the schedules, {@code @Requires}, {@code @Value}, logback), whose
 * placeholder default must match too. The property names are taken by running {@code KeyportSettings.from} on a
 * resolver that records what it is asked, not by reading its source.
 */
class ConfigurationTableDocTest {
    static final Path ROOT = DocFiles.projectRoot();

    @Test
    void every_setting_of_KeyportSettings_has_a_row_with_its_default() throws IOException {
        Map<String, List<String>> table = table();
        Map<String, Object> defaults = settingDefaults();
        assertThat(defaults).as("properties KeyportSettings.from reads").hasSizeGreaterThan(40);
        List<String> problems = new ArrayList<>();
        defaults.forEach((property, value) -> {
            String variable = variable(property);
            if (!table.containsKey(variable)) {
                problems.add(variable + " (" + property + ") has no row in README.md's configuration table");
                return;
            }
            formatted(value).ifPresent(shown -> {
                String cell = table.get(variable).get(0);
                if (!mentions(cell, shown)) {
                    problems.add(variable + ": README.md's default is '" + cell + "', KeyportSettings.defaults() has "
                            + shown);
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void every_KEYPORT_variable_of_the_table_is_read_by_the_code_with_that_default() throws IOException {
        Map<String, Object> settings = new TreeMap<>();
        settingDefaults().forEach((property, value) -> settings.put(variable(property), value));
        Map<String, String> entryPoints = entryPointSettings();
        List<String> problems = new ArrayList<>();
        table().forEach((variable, cells) -> {
            if (!variable.startsWith("KEYPORT_") || settings.containsKey(variable)) {
                return;
            }
            if (!entryPoints.containsKey(variable)) {
                problems.add(variable + " is in README.md's configuration table but nothing in the main code reads it");
            } else if (!entryPoints.get(variable).isEmpty() && !mentions(cells.get(0), entryPoints.get(variable))) {
                problems.add(variable + ": README.md's default is '" + cells.get(0) + "', the code's is "
                        + entryPoints.get(variable));
            }
        });
        assertThat(problems).isEmpty();
    }

    // ------------------------------------------------------------------ the code's side

    /** keyport.* property -> its default, found by running KeyportSettings.from. */
    static Map<String, Object> settingDefaults() {
        List<String> names = new ArrayList<>();
        KeyportSettings.from(resolver(name -> {
            names.add(name);
            return false;
        }));
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (String name : names) {
            defaults.put(name, defaultOf(name));
        }
        return defaults;
    }

    /** The default of one property: set it alone to a value no default has, and see which component moves. */
    private static Object defaultOf(String name) {
        KeyportSettings defaults = KeyportSettings.defaults();
        KeyportSettings changed = KeyportSettings.from(resolver(name::equals));
        Optional<Object> differing = firstDifference(defaults, changed);
        if (differing.isPresent()) {
            return differing.get();
        }
        // a boolean set to false that moved nothing: its default is false
        return Boolean.FALSE;
    }

    private static final String SENTINEL = "\u0000not-a-default";

    private static PropertyResolver resolver(Predicate<String> contains) {
        return (PropertyResolver) Proxy.newProxyInstance(
                ConfigurationTableDocTest.class.getClassLoader(),
                new Class<?>[] {PropertyResolver.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "containsProperty", "containsProperties" -> contains.test((String) args[0]);
                    case "get" -> {
                        Class<?> type = args[1] instanceof Class<?> c ? c : Object.class;
                        yield Optional.of(sentinel(type));
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "recording resolver";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Object sentinel(Class<?> type) {
        if (type == Duration.class) {
            return Duration.ofNanos(123_456_789L);
        }
        if (type == Integer.class) {
            return -987_654_321;
        }
        if (type == Boolean.class) {
            return Boolean.FALSE;
        }
        return SENTINEL;
    }

    private static Optional<Object> firstDifference(Object a, Object b) {
        if (a instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                try {
                    Optional<Object> inner = firstDifference(
                            component.getAccessor().invoke(a),
                            component.getAccessor().invoke(b));
                    if (inner.isPresent()) {
                        return inner;
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Optional.empty();
        }
        return java.util.Objects.equals(a, b) ? Optional.empty() : Optional.of(a);
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(keyport\\.[a-z0-9.-]+)(?::([^}]*))?}");
    private static final Pattern PROPERTY = Pattern.compile("\"(keyport\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)+)\"");
    private static final Pattern VARIABLE = Pattern.compile("\\b(KEYPORT_[A-Z0-9_]+)\\b");

    /** Variables the main code reads outside KeyportSettings -> the default its placeholder gives ("" when none). */
    static Map<String, String> entryPointSettings() throws IOException {
        Map<String, String> found = new TreeMap<>();
        for (String module : List.of("adapters-rest", "bootstrap", "adapters-persistence")) {
            Path main = ROOT.resolve(module).resolve("src/main");
            try (Stream<Path> files = Files.walk(main)) {
                for (Path file : files.filter(Files::isRegularFile)
                        .filter(f ->
                                f.toString().endsWith(".java") || f.toString().endsWith(".xml"))
                        .toList()) {
                    if (file.getFileName().toString().equals("KeyportSettings.java")) {
                        continue;
                    }
                    String text = Files.readString(file);
                    Matcher placeholder = PLACEHOLDER.matcher(text);
                    while (placeholder.find()) {
                        found.merge(
                                variable(placeholder.group(1)),
                                placeholder.group(2) == null ? "" : placeholder.group(2),
                                (a, b) -> a.isEmpty() ? b : a);
                    }
                    Matcher property = PROPERTY.matcher(text);
                    while (property.find()) {
                        found.putIfAbsent(variable(property.group(1)), "");
                    }
                    if (file.toString().endsWith(".xml")) {
                        Matcher variable = VARIABLE.matcher(text);
                        while (variable.find()) {
                            found.putIfAbsent(variable.group(1), "");
                        }
                    }
                }
            }
        }
        return found;
    }

    static String variable(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** How the README writes a default: 30m, 60d, 250ms, 100000, postgres. Empty and 0 are described in words. */
    static Optional<String> formatted(Object value) {
        return switch (value) {
            case Duration d when d.isZero() -> Optional.empty();
            case Duration d when d.toMillis() % Duration.ofDays(1).toMillis() == 0 -> Optional.of(d.toDays() + "d");
            case Duration d when d.toMillis() % Duration.ofHours(1).toMillis() == 0 -> Optional.of(d.toHours() + "h");
            case Duration d
            when d.toMillis() % Duration.ofMinutes(1).toMillis() == 0 -> Optional.of(d.toMinutes() + "m");
            case Duration d when d.toMillis() % 1000 == 0 -> Optional.of(d.toSeconds() + "s");
            case Duration d -> Optional.of(d.toMillis() + "ms");
            case Integer i when i == 0 -> Optional.empty();
            case String s when s.isEmpty() -> Optional.empty();
            default -> Optional.of(String.valueOf(value));
        };
    }

    private static boolean mentions(String cell, String value) {
        return Pattern.compile("(?<![\\w])" + Pattern.quote(value) + "(?![\\w])")
                .matcher(cell)
                .find();
    }

    // ------------------------------------------------------------------ the README's side

    /**
     * The table under "## Configuration": variable -> [its default cell, meaning]. A row may name several variables
     * ("`A` / `B`") with as many defaults ("`1` / `2`"); each gets its own.
     */
    static Map<String, List<String>> table() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        int heading = lines.indexOf("## Configuration");
        assertThat(heading).as("the heading '## Configuration' in README.md").isNotNegative();
        Map<String, List<String>> rows = new TreeMap<>();
        boolean inTable = false;
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|", -1);
            List<String> variables = new ArrayList<>();
            Matcher name = Pattern.compile("`([A-Z][A-Z0-9_]+)`").matcher(cells[0]);
            while (name.find()) {
                variables.add(name.group(1));
            }
            if (variables.isEmpty()) {
                continue;
            }
            String[] defaults = cells[1].split(" / ");
            for (int i = 0; i < variables.size(); i++) {
                String cell = defaults.length == variables.size() ? defaults[i] : cells[1];
                List<String> previous = rows.put(variables.get(i), List.of(cell.strip(), cells[2].strip()));
                assertThat(previous).as("a second row for %s", variables.get(i)).isNull();
            }
        }
        assertThat(rows).as("rows of README.md's configuration table").isNotEmpty();
        return rows;
    }
}
