package org.facelfs.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md's package diagram is the code's: every dependency between the main
 * packages of both modules is listed there and every listed one exists, and there is no cycle.
 */
class PackageDiagramTest {

    private static final String ROOT = "org.facelfs.";
    private static final Path DOC = Path.of("..", "docs", "architecture.md");
    private static final String BEGIN = "<!-- package diagram: checked by PackageDiagramTest -->";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // spark-job's main classes arrive as a directory (-pl -am) or as its jar (a whole reactor's
                // verify): take both, but not its test-jar
                .withImportOption(location -> !location.contains("-tests.jar")).importPackages("org.facelfs");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("org.facelfs.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theDiagramInTheDocsIsTheCodes() throws IOException {
        assertEquals(render(documented()), render(actual()), "docs/architecture.md's package diagram (left) "
                + "against the code (right): update the diagram, or the code");
    }

    /** package → the packages its main classes use, for every package under org.facelfs. */
    static Map<String, TreeSet<String>> actual() {
        Map<String, TreeSet<String>> edges = new TreeMap<>();
        for (JavaClass c : classes) {
            String from = local(c.getPackageName());
            edges.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = d.getTargetClass().getPackageName();
                if (to.startsWith(ROOT) && !local(to).equals(from)) {
                    edges.get(from).add(local(to));
                }
            }
        }
        return edges;
    }

    /** The lines {@code package -> a, b} (or {@code package -> -}) of the doc's diagram block. */
    static Map<String, TreeSet<String>> documented() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        int start = lines.indexOf(BEGIN);
        if (start < 0) {
            throw new AssertionError(DOC + " has no line " + BEGIN);
        }
        Map<String, TreeSet<String>> edges = new TreeMap<>();
        for (String line : lines.subList(start + 2, lines.size())) {
            if (line.startsWith("```")) {
                break;
            }
            String[] parts = line.split("->", 2);
            TreeSet<String> to = new TreeSet<>();
            if (!parts[1].isBlank() && !parts[1].trim().equals("-")) {
                Arrays.stream(parts[1].split(",")).map(String::trim).forEach(to::add);
            }
            edges.put(parts[0].trim().replaceFirst("^\\S+\\s+", ""), to);
        }
        return edges;
    }

    private static String local(String pkg) {
        return pkg.startsWith(ROOT) ? pkg.substring(ROOT.length()) : pkg;
    }

    private static String render(Map<String, TreeSet<String>> edges) {
        return edges.entrySet().stream().map(e -> e.getKey() + " -> " + (e.getValue().isEmpty() ? "-"
                : String.join(", ", e.getValue()))).collect(Collectors.joining("\n"));
    }
}
