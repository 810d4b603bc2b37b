package dev.keyport.domain.provider;

import dev.keyport.domain.error.InvalidParameter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One of a provider's {@code metadata_fields}, as App Services writes them: the claim to read ({@code name}, a path
 * whose parts are separated by dots, e.g. {@code user_data.name}), the key of the user's profile data it is copied
 * to ({@code field_name}; the last part of the path when not given), and whether a login without it is refused.
 */
public record MetadataField(boolean required, String name, String fieldName) {
    private static final Pattern PATH = Pattern.compile("[^.\\s\\p{Cntrl}]{1,100}(\\.[^.\\s\\p{Cntrl}]{1,100}){0,9}");
    private static final Pattern FIELD = Pattern.compile("[^.$\\s\\p{Cntrl}][^.\\s\\p{Cntrl}]{0,99}");

    public MetadataField {
        if (name == null || !PATH.matcher(name).matches()) {
            throw new InvalidParameter(
                    "metadata_fields", "name must be a claim path of at most 10 dot-separated parts");
        }
        if (fieldName == null || fieldName.isEmpty()) {
            fieldName = name.substring(name.lastIndexOf('.') + 1);
        }
        if (!FIELD.matcher(fieldName).matches()) {
            throw new InvalidParameter(
                    "metadata_fields",
                    "field_name \"" + fieldName + "\" must be 1 to 100 characters without dots, spaces or a leading $");
        }
    }

    /** The claim this field names in the token's claims, following the path through nested objects. */
    public Optional<Object> valueIn(Map<String, Object> claims) {
        Object current = claims;
        for (String part : List.of(name.split("\\."))) {
            if (!(current instanceof Map<?, ?> object) || !object.containsKey(part)) {
                return Optional.empty();
            }
            current = object.get(part);
        }
        return Optional.ofNullable(current);
    }
}
