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
    static final class LoginWriter implements MessageBodyWriter<ClientApiResponses.Login> {
        @Override
        public void writeTo(
                Argument<ClientApiResponses.Login> type,
                MediaType mediaType,
                ClientApiResponses.Login login,
                MutableHeaders headers,
                OutputStream out)
                throws CodecException {
            write(json(login), out);
        }

        @Override
        public ByteBuffer<?> writeTo(
                Argument<ClientApiResponses.Login> type,
                MediaType mediaType,
                ClientApiResponses.Login login,
                MutableHeaders headers,
                ByteBufferFactory<?, ?> buffers)
                throws CodecException {
            return buffers.wrap(json(login));
        }
    }

    /** Writes a refresh's answer. */
    @Singleton
    @Produces(MediaType.APPLICATION_JSON)
    static final class AccessTokenWriter implements MessageBodyWriter<ClientApiResponses.AccessToken> {
        @Override
        public void writeTo(
                Argument<ClientApiResponses.AccessToken> type,
                MediaType mediaType,
                ClientApiResponses.AccessToken token,
                MutableHeaders headers,
                OutputStream out)
                throws CodecException {
            write(json(token), out);
        }

        @Override
        public ByteBuffer<?> writeTo(
                Argument<ClientApiResponses.AccessToken> type,
                MediaType mediaType,
                ClientApiResponses.AccessToken token,
                MutableHeaders headers,
                ByteBufferFactory<?, ?> buffers)
                throws CodecException {
            return buffers.wrap(json(token));
        }
    }

    private static void write(byte[] json, OutputStream out) {
        try {
            out.write(json);
        } catch (IOException e) {
            throw new CodecException("could not write a token answer", e);
        }
    }
}
