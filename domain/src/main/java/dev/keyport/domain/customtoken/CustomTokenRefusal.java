package dev.keyport.domain.customtoken;

/** Why a custom token was refused: for the audit trail and the answer's text (nothing in it is secret). */
public enum CustomTokenRefusal {
    MALFORMED("the token is not a signed JWT"),
    ALGORITHM_NOT_ALLOWED("the token is not signed with the configured algorithm"),
    UNKNOWN_KEY("no signing key of the provider has the token's key id"),
    BAD_SIGNATURE("the token's signature does not verify"),
    EXPIRED("the token has expired"),
    NOT_YET_VALID("the token is not valid yet"),
    MISSING_EXPIRY("the token has no exp claim"),
    WRONG_AUDIENCE("the token is not meant for this app (aud)"),
    MISSING_SUBJECT("the token has no sub claim"),
    MISSING_METADATA("the token lacks a required metadata field"),
    TOO_LARGE("the token or its metadata is too large"),
    UNREADABLE_TEXT("a claim holds text no store keeps as given (U+0000 or an unpaired surrogate)");

    private final String text;

    CustomTokenRefusal(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
