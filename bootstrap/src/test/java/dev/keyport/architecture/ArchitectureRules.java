package dev.keyport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rules of the hexagon, built for a given set of packages so that the same rule can
 * be checked against Keyport and against deliberately broken fixtures (a rule that cannot fail
 * proves nothing).
 */
final class ArchitectureRules {
    private ArchitectureRules() {
    }

    /** Where each module's classes live. */
    record Layers(String domain, String application, String rest, String persistence, String bootstrap) {
        static final Layers KEYPORT = new Layers("dev.keyport.domain..", "dev.keyport.application..",
                "dev.keyport.adapter.rest..", "dev.keyport.adapter.persistence..", "dev.keyport.bootstrap..");
        static final Layers FIXTURES = new Layers("dev.keyport.archfixture.domain..",
                "dev.keyport.archfixture.application..", "dev.keyport.archfixture.rest..",
                "dev.keyport.archfixture.persistence..", "dev.keyport.archfixture.bootstrap..");
    }

    static ArchRule domainDependsOnNothingButTheJdk(Layers layers) {
        return classes().that().resideInAPackage(layers.domain())
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", layers.domain())
                .because("the domain is the model itself: plain Java that any adapter can use and no framework can change");
    }

    static ArchRule applicationDependsOnlyOnTheDomainAndTheJdk(Layers layers) {
        return classes().that().resideInAPackage(layers.application())
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", layers.domain(), layers.application())
                .because("use cases speak through ports; HTTP, SQL and frameworks belong to adapters");
    }

    static ArchRule theCoreUsesNoFramework(Layers layers) {
        return noClasses().that().resideInAnyPackage(layers.domain(), layers.application())
                .should().dependOnClassesThat().resideInAnyPackage("io.micronaut..", "jakarta..", "javax.inject..",
                        "java.sql..", "javax.sql..", "com.fasterxml..")
                .because("domain and application must stay framework-free: no DI, persistence or JSON annotations, "
                        + "not even 'just this once'");
    }

    static ArchRule theRestAdapterDoesNotKnowThePersistenceAdapter(Layers layers) {
        return noClasses().that().resideInAPackage(layers.rest())
                .should().dependOnClassesThat().resideInAPackage(layers.persistence())
                .because("adapters meet only in the application's ports; either can be swapped without touching the other");
    }

    static ArchRule thePersistenceAdapterDoesNotKnowTheRestAdapter(Layers layers) {
        return noClasses().that().resideInAPackage(layers.persistence())
                .should().dependOnClassesThat().resideInAPackage(layers.rest())
                .because("adapters meet only in the application's ports; either can be swapped without touching the other");
    }

    static ArchRule onlyBootstrapDependsOnTheRestAdapter(Layers layers) {
        return classes().that().resideInAPackage(layers.rest())
                .should().onlyHaveDependentClassesThat().resideInAnyPackage(layers.rest(), layers.bootstrap())
                .because("bootstrap is the only place that knows every module; it wires the adapters together");
    }

    static ArchRule onlyBootstrapDependsOnThePersistenceAdapter(Layers layers) {
        return classes().that().resideInAPackage(layers.persistence())
                .should().onlyHaveDependentClassesThat().resideInAnyPackage(layers.persistence(), layers.bootstrap())
                .because("bootstrap is the only place that knows every module; it wires the adapters together");
    }
}
