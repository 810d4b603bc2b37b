package dev.keyport.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.inject.BeanDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every schedule of the server (the beans of {@code dev.keyport.adapter.schedule}) can be made by Micronaut. A schedule
 * that cannot is only an ERROR line when its first run is due, seconds after start, and then never runs (as
 * IdleHeapReturnSchedule with two constructors and no {@code @Inject} did).
 */
class EveryScheduleStartsTest {

    @Test
    void every_schedule_bean_is_made() {
        try (KeyportTestServer server = KeyportTestServer.start(Map.of())) {
            List<BeanDefinition<?>> schedules = server.context().getAllBeanDefinitions().stream()
                    .filter(definition ->
                            definition.getBeanType().getPackageName().equals("dev.keyport.adapter.schedule"))
                    .toList();
            assertThat(schedules)
                    .extracting(definition -> definition.getBeanType().getSimpleName())
                    .contains("IdleHeapReturnSchedule");
            for (BeanDefinition<?> schedule : schedules) {
                assertThat(server.context().getBean(schedule))
                        .as(schedule.getBeanType().getName())
                        .isNotNull();
            }
        }
    }
}
