package dev.keyport.architecture;

import static dev.keyport.architecture.ArchitectureRules.Layers.FIXTURES;
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
 * Each architecture rule, run against fixture classes that break it on purpose, must fail and name
 * the offending class. This is what makes the green {@link ArchitectureTest} mean something.
 */
class ArchitectureRulesCanFailTest {
    private static final JavaClasses FIXTURE_CLASSES = new ClassFileImporter().importPackages("dev.keyport.archfixture");

    static Stream<Arguments> rulesAndTheirViolators() {
        return Stream.of(
                rule(ArchitectureRules::domainDependsOnNothingButTheJdk, "DomainClassUsingMicronaut"),
                rule(ArchitectureRules::applicationDependsOnlyOnTheDomainAndTheJdk, "UseCaseUsingFrameworks"),
                rule(ArchitectureRules::theCoreUsesNoFramework, "UseCaseUsingFrameworks"),
                rule(ArchitectureRules::theCoreUsesNoFramework, "DomainClassUsingMicronaut"),
                rule(ArchitectureRules::theRestAdapterDoesNotKnowThePersistenceAdapter, "ControllerUsingRepository"),
                rule(ArchitectureRules::thePersistenceAdapterDoesNotKnowTheRestAdapter, "RepositoryUsingController"),
                rule(ArchitectureRules::onlyBootstrapDependsOnTheRestAdapter, "RepositoryUsingController"),
                rule(ArchitectureRules::onlyBootstrapDependsOnThePersistenceAdapter, "ControllerUsingRepository"));
    }

    private static Arguments rule(Function<ArchitectureRules.Layers, ArchRule> rule, String violator) {
        return Arguments.of(rule.apply(FIXTURES), violator);
    }

    @ParameterizedTest
    @MethodSource("rulesAndTheirViolators")
    void every_rule_fails_on_a_deliberate_violation_and_names_the_class(ArchRule rule, String violator) {
        assertThatThrownBy(() -> rule.check(FIXTURE_CLASSES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(violator);
    }
}
