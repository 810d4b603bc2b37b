package dev.keyport.adapter.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The routes a fast REST test covers, each as {@code "METHOD /path"} with the router's template (query part
 * left out), e.g. {@code "GET /api/client/v2.0/auth/api_keys/{id}"}. {@link EveryRouteHasAFastTest} fails
 * while a route of the router is named by no test; {@link RouteCoverage} fails the test itself if it
 * sent no request to a route it names, so the claim cannot drift from what the test does.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@ExtendWith(RouteCoverage.class)
@interface Covers {
    String[] value();
}
