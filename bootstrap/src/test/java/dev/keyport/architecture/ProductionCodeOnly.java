package dev.keyport.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Imports production classes only: not test-classes directories and not the modules' test jars
 * (which carry the contract suites and use-case rules and may use JUnit).
 */
final class ProductionCodeOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
        return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
}
