package dev.keyport.adapter.rest.throttle;

import dev.keyport.domain.secret.SecretDigest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The throttling keys of a request (see {@link dev.keyport.application.sessions.port.in.ThrottledLogin}):
 * the client address, and the account when the login names one (email address or admin name).
 *
 * <p>The client address is the connection's remote address. Behind reverse proxies, set
 * {@code keyport.login-throttle.client-address-header} (e.g. {@code X-Forwarded-For}): the addresses
 * that header lists, followed by the connection's own, form a chain in which each proxy appends the
 * address it received the request from. The client can write anything at the left of that chain, so
 * the address taken is the right-most one that is not a trusted proxy, as
 * {@code keyport.login-throttle.trusted-proxies} says: a whole number {@code n} (the default, 1, when the
 * header is set) means the {@code n} right-most addresses of the chain are proxies; a list of addresses
 * and CIDR ranges ({@code 10.0.0.0/8, fd00::/8}) means any address in them is. When the whole chain is
 * trusted, its left-most address is taken. An entry that is not an IP address (written by a client or a
 * misconfigured proxy) stops the walk: the address to its right is taken.
 *
 * <p>An IPv4 client is keyed by its address, an IPv6 client by its /64 (one subscriber commonly holds a
 * whole /64, so per-address keys would give it 2^64 buckets). An account name longer than
 * {@value #MAX_ACCOUNT_CHARS} characters is keyed by its SHA-256, so that no key is too long to store.
 */
public final class ThrottleKeys {
    static final int MAX_ACCOUNT_CHARS = 200;

    private final String addressHeader;
    private final int trustedHops;
    private final List<Range> trustedRanges;

    public ThrottleKeys(String addressHeader, String trustedProxies) {
        this.addressHeader = addressHeader == null || addressHeader.isBlank() ? null : addressHeader.strip();
        String trusted = trustedProxies == null ? "" : trustedProxies.strip();
        if (trusted.isEmpty()) {
            this.trustedHops = 1;
            this.trustedRanges = List.of();
        } else if (trusted.chars().allMatch(Character::isDigit)) {
            this.trustedHops = Integer.parseInt(trusted);
            this.trustedRanges = List.of();
        } else {
            this.trustedHops = 0;
            this.trustedRanges = Arrays.stream(trusted.split(","))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .map(Range::parse)
                    .toList();
        }
    }

    public List<String> of(HttpRequest<?> request, @Nullable String account) {
        String address = "address:" + clientAddress(request);
        return account == null ? List.of(address) : List.of(address, "account:" + accountKey(account));
    }

    static String accountKey(String account) {
        String normalized = account.strip().toLowerCase(Locale.ROOT);
        return normalized.length() <= MAX_ACCOUNT_CHARS
                ? normalized
                : "sha256:" + SecretDigest.of(normalized).hex();
    }

    private String clientAddress(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        byte[] peer = remote.getAddress() == null ? null : remote.getAddress().getAddress();
        List<String> forwarded =
                addressHeader == null ? List.of() : request.getHeaders().getAll(addressHeader);
        return bucket(chosen(forwarded, peer));
    }

    /** The right-most address of the chain (the header's entries, then the peer) that is not a trusted proxy. */
    byte[] chosen(List<String> headerValues, @Nullable byte[] peer) {
        List<String> entries = new ArrayList<>();
        for (String value : headerValues) {
            for (String entry : value.split(",")) {
                entries.add(entry.strip());
            }
        }
        byte[] current = peer;
        if (addressHeader == null || current == null) {
            return current;
        }
        int hop = 0;
        for (int i = entries.size() - 1; i >= -1 && trusted(current, hop); i--, hop++) {
            if (i < 0) {
                break; // the whole chain is trusted: its left-most address
            }
            byte[] next = literal(entries.get(i));
            if (next == null) {
                break; // not an address: whoever wrote it is not a trusted proxy; keep the address to its right
            }
            current = next;
        }
        return current;
    }

    private boolean trusted(byte[] address, int hop) {
        return hop < trustedHops || trustedRanges.stream().anyMatch(range -> range.contains(address));
    }

    /** An IP literal (never a name: nothing is resolved), IPv4-mapped IPv6 as IPv4; {@code null} if it is none. */
    static byte[] literal(String entry) {
        String text = entry.strip();
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            text = end < 0 ? "" : text.substring(1, end);
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':') && text.indexOf('.') >= 0) {
            text = text.substring(0, text.indexOf(':')); // 203.0.113.7:4711
        }
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        return bytes == null ? null : normalized(bytes);
    }

    private static byte[] normalized(byte[] bytes) {
        if (bytes.length == 16) {
            boolean mapped = bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = bytes[i] == 0;
            }
            if (mapped) {
                return Arrays.copyOfRange(bytes, 12, 16);
            }
        }
        return bytes;
    }

    /** The bucket of an address: an IPv4 address itself, an IPv6 address's /64. */
    static String bucket(@Nullable byte[] address) {
        if (address == null) {
            return "unknown";
        }
        byte[] bytes = normalized(address);
        try {
            if (bytes.length == 4) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            byte[] prefix = Arrays.copyOf(bytes, 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of " + bytes.length + " bytes", e);
        }
    }

    /** An address or CIDR range of trusted proxies. */
    record Range(byte[] network, int prefixBits) {
        static Range parse(String text) {
            int slash = text.indexOf('/');
            byte[] network = literal(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                throw new IllegalArgumentException("keyport.login-throttle.trusted-proxies: '" + text
                        + "' is neither a whole number of proxies nor an IP address or CIDR range");
            }
            int bits = network.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1).strip());
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > network.length * 8) {
                    throw new IllegalArgumentException(
                            "keyport.login-throttle.trusted-proxies: bad prefix length in '" + text + "'");
                }
            }
            return new Range(network, bits);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefixBits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
