package dev.keyport.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyport.adapter.rest.client.ClientApiResponses;
import io.micronaut.core.type.Argument;
import io.micronaut.http.MediaType;
import io.micronaut.http.body.MessageBodyHandlerRegistry;
import io.micronaut.http.body.MessageBodyWriter;
import io.micronaut.http.simple.SimpleHttpHeaders;
import io.micronaut.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The login and refresh answers are written by Keyport's own writers (the server picks them for these types),
 * and what they write is byte for byte what Micronaut's serializer writes for the same records. (One spelling
 * differs, and no token or id holds it: a character outside the BMP is written as UTF-8, where Jackson writes
 * its surrogate pair as two escapes; both are the same JSON string.)
 */
class TokenAnswerWritersTest {
    private final RestEdge edge = InMemoryKeyport.shared().edge;

    private <T> byte[] writtenByTheServersWriter(Class<T> type, T answer) throws Exception {
        MessageBodyWriter<T> writer = edge.bean(MessageBodyHandlerRegistry.class)
                .findWriter(Argument.of(type), List.of(MediaType.APPLICATION_JSON_TYPE))
                .orElseThrow();
        assertThat(writer.getClass().getName()).startsWith("dev.keyport.adapter.rest.client.TokenAnswerWriters$");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(Argument.of(type), MediaType.APPLICATION_JSON_TYPE, answer, new SimpleHttpHeaders(), out);
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eyJhbGciOiJFUzI1NiJ9.e30.c2ln", "quote \" backslash \\ newline \n tab \t", "é ñ"})
    void a_login_answer_is_what_the_serializer_would_write(String token) throws Exception {
        JsonMapper json = edge.bean(JsonMapper.class);
        for (ClientApiResponses.Login login : List.of(
                new ClientApiResponses.Login(
                        token, token + "r", "0123456789abcdef01234567", "76543210fedcba9876543210"),
                new ClientApiResponses.Login(token, null, "0123456789abcdef01234567", "76543210fedcba9876543210"))) {
            assertThat(new String(writtenByTheServersWriter(ClientApiResponses.Login.class, login)))
                    .isEqualTo(new String(json.writeValueAsBytes(login)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"eyJhbGciOiJFUzI1NiJ9.e30.c2ln", "quote \" backslash \\ control \u0001"})
    void a_refresh_answer_is_what_the_serializer_would_write(String token) throws Exception {
        ClientApiResponses.AccessToken answer = new ClientApiResponses.AccessToken(token);
        assertThat(new String(writtenByTheServersWriter(ClientApiResponses.AccessToken.class, answer)))
                .isEqualTo(new String(edge.bean(JsonMapper.class).writeValueAsBytes(answer)));
    }
}
