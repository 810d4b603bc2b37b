package dev.keyport.architecture;

import static dev.keyport.architecture.ArchitectureRules.Layers.KEYPORT;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keyport's module boundaries, checked on the compiled production classes of every module.
 * ArchUnit's default {@code failOnEmptyShould} stays on: a rule that matches no classes fails.
 */
@AnalyzeClasses(packages = "dev.keyport", importOptions = ProductionCodeOnly.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule domain_depends_on_nothing_but_the_jdk =
            ArchitectureRules.domainDependsOnNothingButTheJdk(KEYPORT);

    @ArchTest
    static final ArchRule application_depends_only_on_the_domain_and_the_jdk =
            ArchitectureRules.applicationDependsOnlyOnTheDomainAndTheJdk(KEYPORT);

    @ArchTest
    static final ArchRule domain_and_application_use_no_framework =
            ArchitectureRules.theCoreUsesNoFramework(KEYPORT);

    @ArchTest
    static final ArchRule the_rest_adapter_does_not_know_the_persistence_adapter =
            ArchitectureRules.theRestAdapterDoesNotKnowThePersistenceAdapter(KEYPORT);

    @ArchTest
    static final ArchRule the_persistence_adapter_does_not_know_the_rest_adapter =
            ArchitectureRules.thePersistenceAdapterDoesNotKnowTheRestAdapter(KEYPORT);

    @ArchTest
    static final ArchRule only_bootstrap_depends_on_the_rest_adapter =
            ArchitectureRules.onlyBootstrapDependsOnTheRestAdapter(KEYPORT);

    @ArchTest
    static final ArchRule only_bootstrap_depends_on_the_persistence_adapter =
            ArchitectureRules.onlyBootstrapDependsOnThePersistenceAdapter(KEYPORT);
}
