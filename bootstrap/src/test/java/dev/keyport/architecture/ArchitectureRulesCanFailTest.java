package dev.keyport.architecture;

import static dev.keyport.architecture.ArchitectureRules.Root.COMPLIANT;
import static dev.keyport.architecture.ArchitectureRules.Root.VIOLATING;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule of {@link ArchitectureRules} against two fixture trees of the same shape as Keyport
 * ({@code dev.keyport.archfixture}): on the violating tree it must fail and name the class that breaks
 * it; on the compliant tree (the same classes without the offenders) it must pass. This is what makes
 * the green {@link ArchitectureTest} mean something.
 */
class ArchitectureRulesCanFailTest {
    private static final JavaClasses VIOLATING_CLASSES =
            new ClassFileImporter().importPackages("dev.keyport.archfixture.violating");
    private static final JavaClasses COMPLIANT_CLASSES =
            new ClassFileImporter().importPackages("dev.keyport.archfixture.compliant");

    static Stream<Arguments> rulesAndTheirViolators() {
        return Stream.of(
                rule(
                        "adapters use ports, never services",
                        ArchitectureRules::adaptersUsePortsNeverServices,
                        "ControllerCallingService"),
                rule(
                        "driving adapters use only driving ports",
                        ArchitectureRules::drivingAdaptersUseOnlyDrivingPorts,
                        "ControllerUsingDrivenPort"),
                rule("ports know no service", ArchitectureRules::portsKnowNoService, "DisableKeyNamingItsService"),
                rule(
                        "driving ports know no driven port",
                        ArchitectureRules::drivingPortsKnowNoDrivenPort,
                        "DisableKeyReturningRow"),
                rule(
                        "driven ports know no driving port",
                        ArchitectureRules::drivenPortsKnowNoDrivingPort,
                        "KeysTakingCommand"),
                rule("features have no cycles", ArchitectureRules::featuresHaveNoCycles, "KeyServiceEndingLogins"),
                rule(
                        "the shared ports know no feature",
                        ArchitectureRules::theSharedPortsKnowNoFeature,
                        "KeyAwareClock"),
                rule(
                        "adapters do not know each other",
                        ArchitectureRules::adaptersDoNotKnowEachOther,
                        "StartupUsingTable"),
                rule("the core does no I/O (application)", ArchitectureRules::theCoreDoesNoIo, "SqlLogin"),
                rule("the core does no I/O (domain)", ArchitectureRules::theCoreDoesNoIo, "KeyFile"),
                rule("domain state is final", ArchitectureRules::domainStateIsFinal, "MutableKey"));
    }

    private static Arguments rule(String name, Function<ArchitectureRules.Root, ArchRule> rule, String violator) {
        return Arguments.of(name, rule, violator);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rulesAndTheirViolators")
    void every_rule_fails_on_a_deliberate_violation_and_names_the_class(
            String name, Function<ArchitectureRules.Root, ArchRule> rule, String violator) {
        assertThatThrownBy(() -> rule.apply(VIOLATING).check(VIOLATING_CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(violator);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rulesAndTheirViolators")
    void every_rule_passes_on_the_compliant_fixtures(
            String name, Function<ArchitectureRules.Root, ArchRule> rule, String violator) {
        assertThatCode(() -> rule.apply(COMPLIANT).check(COMPLIANT_CLASSES)).doesNotThrowAnyException();
    }
}
