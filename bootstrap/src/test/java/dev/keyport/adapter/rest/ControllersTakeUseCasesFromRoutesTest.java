package dev.keyport.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Which controller calls which use case is stated in one place, {@link Routes}: every controller the router
 * knows has a nested {@code Uses} record of {@code port.in} interfaces, {@link Routes} has exactly one
 * component of that type, and no controller constructor takes a use case of its own (which Micronaut would
 * fill by type matching, out of sight of whoever builds {@link Routes}).
 */
class ControllersTakeUseCasesFromRoutesTest {
    private static final String PORT_IN = "dev\\.keyport\\.application\\.\\w+\\.port\\.in";

    private static Set<Class<?>> controllers() {
        return InMemoryKeyport.shared().edge.controllers();
    }

    @Test
    void every_controller_has_exactly_one_uses_component_in_routes() {
        List<Class<?>> components = Arrays.stream(Routes.class.getRecordComponents())
                .map(RecordComponent::getType)
                .collect(Collectors.toList());

        assertThat(controllers()).as("controllers found by the router").hasSizeGreaterThan(10);
        for (Class<?> controller : controllers()) {
            Class<?> uses = Arrays.stream(controller.getDeclaredClasses())
                    .filter(type -> type.getSimpleName().equals("Uses"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(controller.getName() + " has no nested Uses record"));
            assertThat(uses.isRecord()).as(uses.getName()).isTrue();
            assertThat(components)
                    .as("Routes components of type " + uses.getName())
                    .containsOnlyOnce(uses);
            assertThat(uses.getRecordComponents())
                    .as(uses.getName())
                    .allSatisfy(useCase -> assertThat(useCase.getType().getPackageName())
                            .as(uses.getName() + "." + useCase.getName())
                            .matches(PORT_IN));
        }
        assertThat(components)
                .as("every Routes component belongs to a controller")
                .allSatisfy(component -> assertThat(controllers()).contains(component.getEnclosingClass()));
    }

    @Test
    void no_controller_constructor_takes_a_use_case_itself() {
        for (Class<?> controller : controllers()) {
            for (Constructor<?> constructor : controller.getDeclaredConstructors()) {
                assertThat(constructor.getParameterTypes())
                        .as(constructor.toString())
                        .noneMatch(type -> type.getPackageName().matches(PORT_IN))
                        .contains(Routes.class);
            }
        }
    }
}
