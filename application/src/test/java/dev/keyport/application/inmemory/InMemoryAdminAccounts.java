package dev.keyport.application.inmemory;

import dev.keyport.application.port.out.AdminAccounts;
import dev.keyport.domain.user.PasswordHash;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public final class InMemoryAdminAccounts implements AdminAccounts {
    private final Map<String, PasswordHash> hashes = new ConcurrentHashMap<>();

    @Override
    public Optional<PasswordHash> passwordHash(String username) {
        return Optional.ofNullable(hashes.get(username));
    }

    @Override
    public boolean addIfAbsent(String username, PasswordHash hash) {
        return hashes.putIfAbsent(username, hash) == null;
    }
}
