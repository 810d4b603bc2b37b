package dev.keyport.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The rules of the hexagon that the compiler does not already enforce. The Maven modules keep
 * frameworks out of domain and application and keep the two adapter modules apart, so no rule here
 * repeats that (such a rule could never fail on code that compiles). These rules are about what the
 * module graph allows but the design does not: inside a module (features, ports, services) and
 * between adapters that share one. Each is built for a package root so that it can be run on Keyport
 * and on the fixtures in {@code dev.keyport.archfixture}: every rule must fail on the violating
 * fixture tree, naming the offender, and pass on the compliant one.
 */
final class ArchitectureRules {
    private ArchitectureRules() {}

    /** Where the layers live under a root package ({@code dev.keyport}, or a fixture tree). */
    record Root(String name, List<String> driving) {
        static final Root KEYPORT = new Root("dev.keyport", List.of("rest", "schedule", "startup"));
        static final Root VIOLATING = new Root("dev.keyport.archfixture.violating", List.of("web", "startup"));
        static final Root COMPLIANT = new Root("dev.keyport.archfixture.compliant", List.of("web", "startup"));

        /** The adapters that call the application (HTTP, schedules, start-up), as opposed to those it calls. */
        String[] drivingAdapters() {
            return driving.stream()
                    .map(adapter -> name + ".adapter." + adapter + "..")
                    .toArray(String[]::new);
        }

        String domain() {
            return name + ".domain..";
        }

        String application() {
            return name + ".application..";
        }

        String features() {
            return name + ".application.(*)..";
        }

        String shared() {
            return name + ".application.shared..";
        }

        String adapters() {
            return name + ".adapter..";
        }

        String eachAdapter() {
            return name + ".adapter.(*)..";
        }
    }

    static ArchRule adaptersUsePortsNeverServices(Root root) {
        return noClasses()
                .that()
                .resideInAPackage(root.adapters())
                .should()
                .dependOnClassesThat()
                .resideInAPackage(root.name() + ".application..service..")
                .because("a driving adapter calls a use case through its port.in interface and a driven adapter "
                        + "implements a port.out interface; a service is an implementation detail that bootstrap alone "
                        + "constructs, so it can change without touching any adapter");
    }

    static ArchRule drivingAdaptersUseOnlyDrivingPorts(Root root) {
        return noClasses()
                .that()
                .resideInAnyPackage(root.drivingAdapters())
                .should()
                .dependOnClassesThat(resideInAPackage(root.application())
                        .and(not(resideInAPackage(root.name() + ".application..port.in.."))))
                .because(
                        "a driving adapter may ask only what the application offers (port.in): a use case, its "
                                + "command and its answer. What the application needs from outside (port.out), the services "
                                + "and the composition are none of its business; the composition root hands each its use cases");
    }

    static ArchRule portsKnowNoService(Root root) {
        return noClasses()
                .that()
                .resideInAPackage(root.name() + ".application..port..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(root.name() + ".application..service..")
                .because("a port is the contract and a service one implementation of it; a port that names a "
                        + "service ties every adapter to that implementation");
    }

    static ArchRule drivingPortsKnowNoDrivenPort(Root root) {
        return noClasses()
                .that()
                .resideInAPackage(root.name() + ".application..port.in..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(root.name() + ".application..port.out..")
                .because("port.in is what the outside may ask; port.out is what the application needs. A driving "
                        + "port that mentions a driven one leaks the store to every caller");
    }

    static ArchRule drivenPortsKnowNoDrivingPort(Root root) {
        return noClasses()
                .that()
                .resideInAPackage(root.name() + ".application..port.out..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(root.name() + ".application..port.in..")
                .because("a driven port speaks domain values, not use-case commands: an adapter behind it must "
                        + "not change when a use case's request changes");
    }

    static ArchRule featuresHaveNoCycles(Root root) {
        return slices().matching(root.features())
                .should()
                .beFreeOfCycles()
                .because("features depend one way (login reads keys, keys never reach into login), so each can "
                        + "be read, tested and changed from its own package");
    }

    static ArchRule theSharedPortsKnowNoFeature(Root root) {
        return classes()
                .that()
                .resideInAPackage(root.shared())
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", root.domain(), root.shared())
                .because("what every feature uses must not pull any one feature in after it");
    }

    static ArchRule adaptersDoNotKnowEachOther(Root root) {
        return slices().matching(root.eachAdapter())
                .should()
                .notDependOnEachOther()
                .because("adapters meet only in the application's ports, so each can be swapped alone; the "
                        + "start-up and schedule adapters share the bootstrap module with the wiring, so only this "
                        + "rule keeps them from reaching into the store");
    }

    static ArchRule theCoreDoesNoIo(Root root) {
        return noClasses()
                .that()
                .resideInAnyPackage(root.domain(), root.application())
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "java.net..", "java.nio.file..")
                .because("JDBC, sockets and files are in the JDK, so the module graph lets them in; the core must "
                        + "still reach the outside only through its ports");
    }

    static ArchRule domainStateIsFinal(Root root) {
        return fields().that()
                .areDeclaredInClassesThat()
                .resideInAPackage(root.domain())
                .and()
                .areNotStatic()
                .should()
                .beFinal()
                .because("domain objects change by returning a new value or through an aggregate's methods, never "
                        + "by a setter on a shared reference");
    }
}
