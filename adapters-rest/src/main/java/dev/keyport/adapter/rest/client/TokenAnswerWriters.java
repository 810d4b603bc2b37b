package dev.keyport.adapter.rest.client;

import dev.keyport.adapter.rest.json.FlatJsonWriter;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.io.buffer.ByteBufferFactory;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.body.MessageBodyWriter;
import io.micronaut.http.codec.CodecException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Function;

/**
 * The answers of a login ({@link ClientApiResponses.Login}) and of a refresh ({@link ClientApiResponses.AccessToken}),
 * written with {@link FlatJsonWriter} instead of Micronaut's serializer: they are written on every login and
 * refresh, and making a serializer's generator cost more than writing four strings (issue 25's profile). The
 * JSON is the same, member for member and in the same order (the records' {@code @JsonProperty} names);
 * {@code TokenAnswerWritersTest} compares the two. Every other answer goes through Micronaut's serializer.
 */
public final class TokenAnswerWriters {
    private TokenAnswerWriters() {}

    static byte[] json(ClientApiResponses.Login login) {
        FlatJsonWriter json = new FlatJsonWriter().string("access_token", login.accessToken());
        if (login.refreshToken() != null) { // a link answers without one, as the serializer omits a null
            json.string("refresh_token", login.refreshToken());
        }
        return json.string("user_id", login.userId())
                .string("device_id", login.deviceId())
                .bytes();
    }

    static byte[] json(ClientApiResponses.AccessToken token) {
        return new FlatJsonWriter().string("access_token", token.accessToken()).bytes();
    }

    /** Writes a login's answer. */
    @Singleton
    @Produces(MediaType.APPLICATION_JSON)
    static final class LoginWriter extends Writer<ClientApiResponses.Login> {
        LoginWriter() {
            super(TokenAnswerWriters::json);
        }
    }

    /** Writes a refresh's answer. */
    @Singleton
    @Produces(MediaType.APPLICATION_JSON)
    static final class AccessTokenWriter extends Writer<ClientApiResponses.AccessToken> {
        AccessTokenWriter() {
            super(TokenAnswerWriters::json);
        }
    }

    /** A body writer of one answer type, from its JSON bytes. */
    abstract static class Writer<T> implements MessageBodyWriter<T> {
        private final Function<T, byte[]> json;

        Writer(Function<T, byte[]> json) {
            this.json = json;
        }

        @Override
        public void writeTo(Argument<T> type, MediaType mediaType, T answer, MutableHeaders headers, OutputStream out)
                throws CodecException {
            try {
                out.write(json.apply(answer));
            } catch (IOException e) {
                throw new CodecException("could not write a token answer", e);
            }
        }

        @Override
        public ByteBuffer<?> writeTo(
                Argument<T> type,
                MediaType mediaType,
                T answer,
                MutableHeaders headers,
                ByteBufferFactory<?, ?> buffers)
                throws CodecException {
            return buffers.wrap(json.apply(answer));
        }
    }
}
