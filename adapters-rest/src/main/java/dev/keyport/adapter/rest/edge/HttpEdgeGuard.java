package dev.keyport.adapter.rest.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The first look at each request, right after Netty's HTTP decoder and before Micronaut sees it. It
 * refuses, in the protocol's error format and by closing the connection, what the framework would
 * otherwise let through:
 * <ul>
 *   <li>a method that is not exactly one of HTTP's (methods are case-sensitive, RFC 9110 §9.1: a
 *       {@code delete} must not run as {@code DELETE}, or a proxy rule on {@code DELETE} is bypassed):
 *       501 {@code NotImplemented};</li>
 *   <li>a body larger than the server's maximum request size, whether announced by
 *       {@code Content-Length} or streamed in chunks, on every route, static files included: 413;</li>
 *   <li>a body the decoder could not read (a malformed chunk line, or a chunk extension Netty refuses):
 *       400, where Micronaut would have handed the route an empty or truncated body;</li>
 *   <li>a compressed body ({@code Content-Encoding} other than {@code identity}): 415
 *       {@code UnsupportedMediaType}. No App Services client compresses a request, and the framework would
 *       inflate one before any check: a truncated gzip body failed as a 500, one ending inside the gzip
 *       header was read as no body at all (hostile review of issue 23).</li>
 * </ul>
 * A refused connection is closed, so nothing that follows on it is read as a new request. If the
 * route has answered already (a 405 before the body arrived), the connection is only closed.
 */
final class HttpEdgeGuard extends ChannelDuplexHandler {
    static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT");

    private static final Duration LINGER = Duration.ofSeconds(2);

    private final long maxRequestSize;
    private long bodyBytes;
    private boolean refused;
    /** Whether the current request has been answered already (a route may answer before its body has arrived). */
    private boolean answered;

    HttpEdgeGuard(long maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isSuccess()) {
            bodyBytes = 0;
            answered = false;
            String method = request.method().name();
            if (!METHODS.contains(method)) {
                refuse(
                        ctx,
                        msg,
                        HttpResponseStatus.NOT_IMPLEMENTED,
                        "NotImplemented",
                        "unknown method (HTTP methods are case-sensitive)");
                return;
            }
            if (compressed(request)) {
                refuse(
                        ctx,
                        msg,
                        HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                        "UnsupportedMediaType",
                        "request bodies must not be compressed (Content-Encoding)");
                return;
            }
            String length = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
            if (length != null && declaredTooLarge(length)) {
                refuse(
                        ctx,
                        msg,
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "PayloadTooLarge",
                        "request body too large");
                return;
            }
        }
        if (msg instanceof HttpRequest request && !request.decoderResult().isSuccess()) {
            // the decoder's stand-in for a request line or headers it could not read (too long, malformed)
            refuse(
                    ctx,
                    msg,
                    HttpResponseStatus.BAD_REQUEST,
                    "BadRequest",
                    "the request line or its headers could not be read (too long or malformed)");
            return;
        }
        if (msg instanceof HttpContent content) {
            if (!content.decoderResult().isSuccess()) {
                refuse(ctx, msg, HttpResponseStatus.BAD_REQUEST, "BadRequest", "the request body could not be decoded");
                return;
            }
            bodyBytes += content.content().readableBytes();
            if (bodyBytes > maxRequestSize) {
                refuse(
                        ctx,
                        msg,
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                        "PayloadTooLarge",
                        "request body too large");
                return;
            }
            if (content instanceof LastHttpContent) {
                bodyBytes = 0;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse) {
            answered = true;
        }
        ctx.write(msg, promise);
    }

    /** Whether the request announces a body encoding other than {@code identity}. */
    static boolean compressed(HttpRequest request) {
        for (String encoding : request.headers().getAll(HttpHeaderNames.CONTENT_ENCODING)) {
            for (String token : encoding.split(",")) {
                if (!token.isBlank() && !token.strip().equalsIgnoreCase("identity")) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean declaredTooLarge(String length) {
        try {
            return Long.parseLong(length.strip()) > maxRequestSize;
        } catch (NumberFormatException e) {
            return false; // Netty's decoder already refuses malformed lengths
        }
    }

    private void refuse(ChannelHandlerContext ctx, Object msg, HttpResponseStatus status, String code, String message) {
        ReferenceCountUtil.release(msg);
        refused = true;
        if (answered) {
            lingeringClose(ctx);
            return;
        }
        ByteBuf body = Unpooled.copiedBuffer(
                "{\"error\":\"" + message + "\",\"error_code\":\"" + code + "\"}", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> lingeringClose(ctx));
    }

    /**
     * Closing at once while the client is still sending its body makes the client's TCP stack drop
     * our answer on the reset. So the answer is sent, the output side shut, and what the client still
     * sends is read and dropped for a short while (nginx's "lingering close").
     */
    private static void lingeringClose(ChannelHandlerContext ctx) {
        if (ctx.channel() instanceof DuplexChannel duplex && duplex.isActive()) {
            duplex.shutdownOutput();
            ctx.executor().schedule(() -> ctx.close(), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            ctx.close();
        }
    }
}
