package dev.keyport.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the feature table of {@code docs/architecture.md} true: it lists exactly the feature packages of the
 * application, with the number of files in each one's {@code port/in}, {@code port/out} and {@code service}, and its
 * controller column names exactly the REST adapter's controller packages. A package added without a row, a row left
 * for a package that is gone, or a port added without its count fails here.
 */
class ArchitectureDocTest {
    static final Path ROOT = DocFiles.projectRoot();
    static final Path APPLICATION = ROOT.resolve("application/src/main/java/dev/keyport/application");
    static final Path REST = ROOT.resolve("adapters-rest/src/main/java/dev/keyport/adapter/rest");

    /** A row of the table: feature, counts, controller packages. */
    record Row(String feature, List<Integer> counts, List<String> controllers) {}

    @Test
    void the_feature_table_lists_every_feature_package_and_no_other() throws IOException {
        assertThat(table().keySet())
                .as("features in docs/architecture.md's table")
                .containsExactlyInAnyOrderElementsOf(featurePackages());
    }

    @Test
    void the_feature_table_counts_each_features_ports_and_services() throws IOException {
        Map<String, Row> table = table();
        for (String feature : featurePackages()) {
            if (!table.containsKey(feature)) {
                continue; // the_feature_table_lists_every_feature_package_and_no_other says so
            }
            Path dir = APPLICATION.resolve(feature);
            assertThat(table.get(feature).counts())
                    .as("port.in, port.out, service of %s in docs/architecture.md", feature)
                    .containsExactly(
                            javaFiles(dir.resolve("port/in")),
                            javaFiles(dir.resolve("port/out")),
                            javaFiles(dir.resolve("service")));
        }
    }

    @Test
    void the_feature_table_names_every_controller_package_and_no_other() throws IOException {
        TreeSet<String> named = new TreeSet<>();
        table().values().forEach(row -> named.addAll(row.controllers()));
        assertThat(named)
                .as("controller packages in docs/architecture.md's table")
                .containsExactlyInAnyOrderElementsOf(controllerPackages());
    }

    /** The directories under application/.../application: each is a feature package. */
    static TreeSet<String> featurePackages() throws IOException {
        try (Stream<Path> dirs = Files.list(APPLICATION)) {
            TreeSet<String> features = new TreeSet<>();
            // a directory with no source in it (left behind by a move, git keeps none) is no package
            dirs.filter(Files::isDirectory)
                    .filter(ArchitectureDocTest::holdsSource)
                    .forEach(dir -> features.add(dir.getFileName().toString()));
            assertThat(features).as("feature packages found").isNotEmpty();
            return features;
        }
    }

    /** The packages of adapters-rest holding a controller, relative to adapter.rest ("client.sessions"). */
    static TreeSet<String> controllerPackages() throws IOException {
        try (Stream<Path> files = Files.walk(REST)) {
            TreeSet<String> packages = new TreeSet<>();
            files.filter(file -> file.getFileName().toString().endsWith("Controller.java"))
                    .forEach(file -> packages.add(REST.relativize(file.getParent())
                            .toString()
                            .replace(file.getFileSystem().getSeparator(), ".")));
            assertThat(packages).as("controller packages found").isNotEmpty();
            return packages;
        }
    }

    private static int javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(file -> file.toString().endsWith(".java")).count();
        }
    }

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** The table under "## Feature packages": feature -> row. */
    static Map<String, Row> table() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("docs/architecture.md"));
        int heading = lines.indexOf("## Feature packages");
        assertThat(heading)
                .as("the heading '## Feature packages' in docs/architecture.md")
                .isNotNegative();
        Map<String, Row> rows = new TreeMap<>();
        boolean inTable = false;
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("|")) {
                inTable = true;
                String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|", -1);
                Matcher feature = CODE.matcher(cells[0]);
                if (!feature.find()) {
                    continue; // the header and its separator
                }
                assertThat(cells).as("cells of the row %s", line).hasSize(5);
                List<Integer> counts = List.of(
                        Integer.parseInt(cells[1].strip()),
                        Integer.parseInt(cells[2].strip()),
                        Integer.parseInt(cells[3].strip()));
                List<String> controllers = new ArrayList<>();
                Matcher controller = CODE.matcher(cells[4]);
                while (controller.find()) {
                    controllers.add(controller.group(1));
                }
                Row previous = rows.put(feature.group(1), new Row(feature.group(1), counts, controllers));
                assertThat(previous).as("a second row for %s", feature.group(1)).isNull();
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    private static boolean holdsSource(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(file -> file.toString().endsWith(".java"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
