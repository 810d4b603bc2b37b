package dev.keyport.adapter.rest.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.keyport.adapter.rest.error.RequestRejected;
import dev.keyport.application.sessions.port.in.DeviceHint;
import dev.keyport.domain.apikey.RequestedExpiry;
import dev.keyport.domain.id.DeviceId;
import io.micronaut.jackson.core.tree.JsonNodeTreeCodec;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A request body read as a JSON tree, with field access that says exactly what is wrong: malformed
 * JSON is {@code BadRequest}, an absent field {@code MissingParameter}, a field of the wrong type
 * {@code InvalidParameter}. Fields the protocol does not use are ignored, as the client sends extra ones.
 * The body must be exactly one JSON value (nothing but white space after it) with no member name
 * twice: where two readers of the same bytes could disagree, the request is refused instead.
 */
public final class JsonRequest {
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Micronaut's reader of its {@link JsonNode} trees (the same number nodes as its serde mapper makes). */
    private static final JsonNodeTreeCodec TREE = JsonNodeTreeCodec.getInstance();

    private final JsonNode root;

    private JsonRequest(JsonNode root) {
        this.root = root;
    }

    public static JsonRequest parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw RequestRejected.badRequest("a JSON object body is required");
        }
        if (ClientText.strictUtf8(body) == null || controlByte(body)) {
            // JSON travels as UTF-8 (RFC 8259): others are refused, not guessed. ASCII text in UTF-16 or UTF-32 without
            // a byte order mark is also valid UTF-8 (with NUL bytes), which the parser would decode as UTF-16/32
            throw RequestRejected.badRequest("the request body must be JSON encoded as UTF-8");
        }
        JsonNode root = read(body);
        if (!root.isObject()) {
            throw RequestRejected.badRequest("the request body must be a JSON object");
        }
        return new JsonRequest(root);
    }

    /**
     * Reads the body in one pass into a tree (Micronaut's own tree reader, over a strict parser: no member name
     * twice), then refuses a body that is not one well-formed JSON value with nothing but white space after it
     * (parsers stop at the end of the first value; {@code {"name":"a"}{"name":"b"}} must not create key
     * {@code a}), and any string or member name in it, at any depth, that {@link ClientText} refuses: one check
     * for every route, before any field is read.
     */
    private static JsonNode read(byte[] body) {
        JsonNode root;
        try (JsonParser parser = STRICT.createParser(body)) {
            if (parser.nextToken() == null) {
                throw notOneValue();
            }
            root = TREE.readTree(parser);
            if (parser.nextToken() != null) {
                throw notOneValue();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RequestRejected rejected) {
                throw rejected;
            }
            throw notOneValue();
        }
        check(root, null);
        return root;
    }

    /** Every string and member name in {@code node}, at any depth ({@code name}: the member it is the value of). */
    private static void check(JsonNode node, String name) {
        if (node.isString()) {
            String problem = ClientText.problem(node.getStringValue());
            if (problem != null) {
                throw RequestRejected.invalidParameter(name == null ? "a string" : name, problem);
            }
        } else if (node.isObject()) {
            for (java.util.Map.Entry<String, JsonNode> member : node.entries()) {
                String problem = ClientText.problem(member.getKey());
                if (problem != null) {
                    throw RequestRejected.invalidParameter("a member name", problem);
                }
                check(member.getValue(), member.getKey());
            }
        } else if (node.isArray()) {
            for (JsonNode element : node.values()) {
                check(element, null);
            }
        }
    }

    /** A byte below 0x20 other than tab, LF and CR: JSON has none, outside strings or in them (they are escaped). */
    private static boolean controlByte(byte[] body) {
        for (byte b : body) {
            if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                return true;
            }
        }
        return false;
    }

    private static RequestRejected notOneValue() {
        return RequestRejected.badRequest("the request body must be exactly one JSON value");
    }

    /** A string field that must be present; its content is for the domain to judge. */
    public String requiredString(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw RequestRejected.missingParameter(field);
        }
        if (!node.isString()) {
            throw RequestRejected.invalidParameter(field, "must be a string");
        }
        return node.getStringValue();
    }

    /**
     * A Keyport extension of the create-key bodies: {@code expires_at} (an ISO-8601 date-time with an offset,
     * {@code 2027-01-31T00:00:00Z}) or {@code expires_in_days} (a whole number), not both; neither is no
     * request (App Services clients send neither).
     */
    public RequestedExpiry requestedExpiry() {
        JsonNode at = present(root.get("expires_at"));
        JsonNode days = present(root.get("expires_in_days"));
        if (at != null && days != null) {
            throw RequestRejected.invalidParameter("expires_at", "and expires_in_days cannot both be given");
        }
        if (at != null) {
            if (!at.isString()) {
                throw RequestRejected.invalidParameter("expires_at", "must be an ISO-8601 date-time string");
            }
            try {
                return new RequestedExpiry.At(
                        OffsetDateTime.parse(at.getStringValue()).toInstant());
            } catch (DateTimeParseException e) {
                throw RequestRejected.invalidParameter(
                        "expires_at", "must be an ISO-8601 date-time with an offset, such as 2027-01-31T00:00:00Z");
            }
        }
        return optionalWholeNumber("expires_in_days")
                .<RequestedExpiry>map(RequestedExpiry.InDays::new)
                .orElse(RequestedExpiry.NONE);
    }

    /**
     * The optional body of a roll: {@code grace_period_seconds}, 0 when the body or the field is absent
     * (the old value stops at once).
     */
    public static long graceSeconds(byte[] body) {
        return body == null || body.length == 0
                ? 0
                : parse(body).optionalWholeNumber("grace_period_seconds").orElse(0L);
    }

    /** A whole number that may be absent or null. */
    public Optional<Long> optionalWholeNumber(String field) {
        JsonNode node = present(root.get(field));
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isNumber()
                || node.getNumberValue().doubleValue()
                        != Math.rint(node.getNumberValue().doubleValue())
                || Math.abs(node.getNumberValue().doubleValue()) > Integer.MAX_VALUE) {
            throw RequestRejected.invalidParameter(field, "must be a whole number");
        }
        return Optional.of(node.getNumberValue().longValue());
    }

    /** A boolean that may be absent or null. */
    public Optional<Boolean> optionalBoolean(String field) {
        JsonNode node = present(root.get(field));
        if (node == null) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            throw RequestRejected.invalidParameter(field, "must be true or false");
        }
        return Optional.of(node.getBooleanValue());
    }

    /** The whole body as plain Java values (objects as maps, arrays as lists), for documents passed on as a whole. */
    public java.util.Map<String, Object> asMap(JsonMapper mapper) {
        try {
            return mapper.readValueFromTree(root, io.micronaut.core.type.Argument.mapOf(String.class, Object.class));
        } catch (IOException | RuntimeException e) {
            throw RequestRejected.badRequest("the request body is not a JSON object");
        }
    }

    private static JsonNode present(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    /**
     * {@code options.device.deviceId}: absent on a first login; later a string or Extended JSON
     * {@code {"$oid": "..."}}.
     */
    public DeviceHint device() {
        JsonNode options = root.get("options");
        if (options == null || options.isNull()) {
            return DeviceHint.none();
        }
        if (!options.isObject()) {
            throw RequestRejected.invalidParameter("options", "must be an object");
        }
        JsonNode device = options.get("device");
        if (device == null || device.isNull()) {
            return DeviceHint.none();
        }
        if (!device.isObject()) {
            throw RequestRejected.invalidParameter("options.device", "must be an object");
        }
        JsonNode id = device.get("deviceId");
        if (id == null || id.isNull()) {
            return DeviceHint.none();
        }
        if (id.isObject() && id.get("$oid") != null && id.get("$oid").isString()) {
            id = id.get("$oid");
        }
        if (!id.isString()) {
            throw RequestRejected.invalidParameter("deviceId", "must be a 24-character hex string or {\"$oid\": ...}");
        }
        return new DeviceHint(Optional.of(new DeviceId(id.getStringValue())));
    }
}
