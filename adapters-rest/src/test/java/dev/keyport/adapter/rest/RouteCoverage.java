package dev.keyport.adapter.rest;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Checks a {@link Covers} test: every route it names was reached by a request the test sent. */
final class RouteCoverage implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        RestEdge.forgetRoutesReached();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isPresent()) {
            return;
        }
        Covers covers = context.getRequiredTestMethod().getAnnotation(Covers.class);
        List<String> missed = Arrays.stream(covers.value())
                .filter(route -> !RestEdge.routesReached().contains(route))
                .toList();
        if (!missed.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " names routes in @Covers that it sent no request to: "
                    + missed + "; it reached " + RestEdge.routesReached());
        }
    }
}
