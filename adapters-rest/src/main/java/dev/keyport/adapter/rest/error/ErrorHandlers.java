package dev.keyport.adapter.rest.error;

import dev.keyport.application.shared.port.in.PasswordHashingBusy;
import dev.keyport.application.shared.port.in.StoreUnavailable;
import dev.keyport.domain.error.DomainException;
import dev.keyport.domain.error.TooManyFailedLogins;
import dev.keyport.domain.error.TooManyRequests;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.netty.handler.codec.DecoderException;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves Keyport in the protocol's format ({@link ProtocolError}, content type exactly
 * {@code application/json}), whether a use case refused, the edge rejected the request, the framework
 * found no route, or something unexpected broke. Bodies never contain stack traces or framework names.
 */
public final class ErrorHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorHandlers.class);

    private ErrorHandlers() {}

    /** An answer in the protocol's error format, for the handlers here and the edge's filters. */
    public static MutableHttpResponse<ProtocolError> respond(HttpStatus status, String code, String message) {
        return HttpResponse.<ProtocolError>status(status)
                .body(new ProtocolError(message, code))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** Domain refusals, mapped by {@link DomainErrors}. */
    @Singleton
    @Produces
    static final class DomainRefusals implements ExceptionHandler<DomainException, HttpResponse<ProtocolError>> {
        @Override
        public HttpResponse<ProtocolError> handle(HttpRequest request, DomainException refusal) {
            DomainErrors.Mapping mapping = DomainErrors.map(refusal);
            MutableHttpResponse<ProtocolError> response =
                    respond(mapping.status(), mapping.errorCode(), refusal.getMessage());
            if (refusal instanceof TooManyFailedLogins throttled) {
                response.header(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
            }
            if (refusal instanceof TooManyRequests limited) {
                response.header(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
            }
            return response;
        }
    }

    /** Requests the edge rejects itself. */
    @Singleton
    @Produces
    static final class Rejections implements ExceptionHandler<RequestRejected, HttpResponse<ProtocolError>> {
        @Override
        public HttpResponse<ProtocolError> handle(HttpRequest request, RequestRejected rejected) {
            return respond(rejected.status(), rejected.errorCode(), rejected.getMessage());
        }
    }

    /** The database cannot be reached: the client may retry, nothing was changed. */
    @Singleton
    @Produces
    static final class Unavailable implements ExceptionHandler<StoreUnavailable, HttpResponse<ProtocolError>> {
        @Override
        public HttpResponse<ProtocolError> handle(HttpRequest request, StoreUnavailable e) {
            LOG.warn("{} {}: {}", request.getMethod(), request.getPath(), e.getMessage());
            return respond(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "ServiceUnavailable",
                            "the service is temporarily unavailable; try again shortly")
                    .header(HttpHeaders.RETRY_AFTER, "5");
        }
    }

    /** Password hashing too busy (no place within the admission wait, or no hash within the admitted wait): a bounded refusal, nothing was changed. */
    @Singleton
    @Produces
    static final class HashingBusy implements ExceptionHandler<PasswordHashingBusy, HttpResponse<ProtocolError>> {
        @Override
        public HttpResponse<ProtocolError> handle(HttpRequest request, PasswordHashingBusy e) {
            return respond(HttpStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", e.getMessage())
                    .header(HttpHeaders.RETRY_AFTER, "1");
        }
    }

    /** A path or query value the framework could not convert. */
    @Singleton
    @Produces
    static final class ConversionErrors
            implements ExceptionHandler<ConversionErrorException, HttpResponse<ProtocolError>> {
        @Override
        public HttpResponse<ProtocolError> handle(HttpRequest request, ConversionErrorException e) {
            return respond(
                    HttpStatus.BAD_REQUEST,
                    "InvalidParameter",
                    "invalid value for " + e.getArgument().getName());
        }
    }

    /**
     * The connection broke while the request was still being read (the client went away mid-body, or
     * the edge guard closed it). Not a server fault: one line at INFO, and the answer goes nowhere.
     */
    @Singleton
    @Produces
    static final class ConnectionLost implements ExceptionHandler<IOException, HttpResponse<ProtocolError>> {
        @Override
        public HttpResponse<ProtocolError> handle(HttpRequest request, IOException e) {
            LOG.info(
                    "connection closed before the request was read: {} {} ({})",
                    request.getMethod(),
                    request.getPath(),
                    e.getMessage());
            return respond(HttpStatus.BAD_REQUEST, "BadRequest", "the request was incomplete");
        }
    }

    /**
     * A body the HTTP layer could not decode (Netty's decoders: a broken chunked or compressed body that got
     * past the edge). The client's fault: one line at INFO, 400.
     */
    @Singleton
    @Produces
    static final class Undecodable implements ExceptionHandler<DecoderException, HttpResponse<ProtocolError>> {
        @Override
        public HttpResponse<ProtocolError> handle(HttpRequest request, DecoderException e) {
            LOG.info("undecodable request body: {} {} ({})", request.getMethod(), request.getPath(), e.getMessage());
            return respond(HttpStatus.BAD_REQUEST, "BadRequest", "the request body could not be decoded");
        }
    }

    /** Anything else is a bug: log it with its stack, answer a bare 500 without details. */
    @Singleton
    @Produces
    static final class Unexpected implements ExceptionHandler<Exception, HttpResponse<ProtocolError>> {
        @Override
        public HttpResponse<ProtocolError> handle(HttpRequest request, Exception e) {
            LOG.error("unexpected failure on {} {}", request.getMethod(), request.getPath(), e);
            return respond(HttpStatus.INTERNAL_SERVER_ERROR, "InternalServerError", "internal server error");
        }
    }

    /**
     * Errors the framework answers without an exception reaching the handlers above: no such route
     * (404), wrong method (405), unsupported media type (415), body too large (413), malformed bodies.
     */
    @Singleton
    @Primary
    @Replaces(ErrorResponseProcessor.class)
    static final class FrameworkErrors implements ErrorResponseProcessor<ProtocolError> {
        @Override
        public MutableHttpResponse<ProtocolError> processResponse(ErrorContext context, MutableHttpResponse<?> base) {
            HttpStatus status = base.getStatus();
            String code = switch (status) {
                case NOT_FOUND -> "ResourceNotFound";
                case METHOD_NOT_ALLOWED -> "MethodNotAllowed";
                case UNSUPPORTED_MEDIA_TYPE -> "UnsupportedMediaType";
                case REQUEST_ENTITY_TOO_LARGE -> "PayloadTooLarge";
                case NOT_ACCEPTABLE -> "NotAcceptable";
                case INTERNAL_SERVER_ERROR -> "InternalServerError";
                default -> status.getCode() < 500 ? "BadRequest" : "ServiceUnavailable";
            };
            String message = switch (status) {
                case NOT_FOUND ->
                    "no such route: " + context.getRequest().getMethod() + " "
                            + context.getRequest().getPath();
                case METHOD_NOT_ALLOWED -> "method " + context.getRequest().getMethod() + " is not allowed here";
                case UNSUPPORTED_MEDIA_TYPE -> "request bodies must be application/json";
                case REQUEST_ENTITY_TOO_LARGE -> "request body too large";
                case INTERNAL_SERVER_ERROR -> "internal server error";
                default -> status.getCode() < 500 ? "bad request" : "service unavailable";
            };
            if (context.getRequest().getMethod() == io.micronaut.http.HttpMethod.HEAD) {
                return base.status(status).body(null);
            }
            return base.status(status)
                    .body(new ProtocolError(message, code))
                    .contentType(MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
