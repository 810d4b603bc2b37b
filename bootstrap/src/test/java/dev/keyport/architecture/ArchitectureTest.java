package dev.keyport.architecture;

import static dev.keyport.architecture.ArchitectureRules.Root.KEYPORT;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keyport's design rules, checked on the compiled production classes of every module.
 * ArchUnit's default {@code failOnEmptyShould} stays on: a rule that matches no classes fails.
 * {@link ArchitectureRulesCanFailTest} shows each rule failing on a deliberate violation.
 */
@AnalyzeClasses(packages = "dev.keyport", importOptions = ProductionCodeOnly.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule adapters_use_ports_never_services = ArchitectureRules.adaptersUsePortsNeverServices(KEYPORT);

    @ArchTest
    static final ArchRule driving_adapters_use_only_driving_ports =
            ArchitectureRules.drivingAdaptersUseOnlyDrivingPorts(KEYPORT);

    @ArchTest
    static final ArchRule ports_know_no_service = ArchitectureRules.portsKnowNoService(KEYPORT);

    @ArchTest
    static final ArchRule driving_ports_know_no_driven_port = ArchitectureRules.drivingPortsKnowNoDrivenPort(KEYPORT);

    @ArchTest
    static final ArchRule driven_ports_know_no_driving_port = ArchitectureRules.drivenPortsKnowNoDrivingPort(KEYPORT);

    @ArchTest
    static final ArchRule features_have_no_cycles = ArchitectureRules.featuresHaveNoCycles(KEYPORT);

    @ArchTest
    static final ArchRule the_shared_ports_know_no_feature = ArchitectureRules.theSharedPortsKnowNoFeature(KEYPORT);

    @ArchTest
    static final ArchRule adapters_do_not_know_each_other = ArchitectureRules.adaptersDoNotKnowEachOther(KEYPORT);

    @ArchTest
    static final ArchRule the_core_does_no_io = ArchitectureRules.theCoreDoesNoIo(KEYPORT);

    @ArchTest
    static final ArchRule domain_state_is_final = ArchitectureRules.domainStateIsFinal(KEYPORT);
}
