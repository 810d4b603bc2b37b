package dev.keyport.adapter.rest.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;

/** The protocol's error body: a message for people and a code for programs. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProtocolError(
        @JsonProperty("error") String error,
        @JsonProperty("error_code") String errorCode,
        @JsonProperty("link") String link) {

    public ProtocolError(String error, String errorCode) {
        this(error, errorCode, null);
    }
}
