package dev.keyport.domain.user;

/** A normal user logs in as a person or device; a server user exists only behind a server API key. */
public enum UserType {
    NORMAL,
    SERVER
}
