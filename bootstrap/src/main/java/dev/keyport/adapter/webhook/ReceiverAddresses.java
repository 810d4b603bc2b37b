package dev.keyport.adapter.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which addresses a webhook may be delivered to: public unicast addresses, plus the networks the operator allowed
 * ({@code KEYPORT_WEBHOOKS_ALLOWED_NETWORKS}, CIDRs, empty by default). Refused otherwise: loopback, link-local
 * (169.254.0.0/16 with the cloud metadata address, fe80::/10), private (RFC 1918), CGNAT (100.64.0.0/10), unique-local
 * (fc00::/7), the unspecified addresses, multicast, broadcast, documentation, benchmarking and reserved ranges,
 * and IPv6 forms that embed an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) when the embedded one is
 * refused. IPv6 outside 2000::/3 (global unicast) is refused.
 */
public final class ReceiverAddresses {
    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    /** One network, its address bytes (4 or 16) and prefix length. */
    record Network(byte[] address, int prefix) {
        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[full] & mask) == (address[full] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(address).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final List<Network> REFUSED_V4 = List.of(
            v4(0, 0, 0, 0, 8),
            v4(10, 0, 0, 0, 8),
            v4(100, 64, 0, 0, 10),
            v4(127, 0, 0, 0, 8),
            v4(169, 254, 0, 0, 16),
            v4(172, 16, 0, 0, 12),
            v4(192, 0, 0, 0, 24),
            v4(192, 0, 2, 0, 24),
            v4(192, 88, 99, 0, 24),
            v4(192, 168, 0, 0, 16),
            v4(198, 18, 0, 0, 15),
            v4(198, 51, 100, 0, 24),
            v4(203, 0, 113, 0, 24),
            v4(224, 0, 0, 0, 4),
            v4(240, 0, 0, 0, 4));

    private final List<Network> allowed;

    private ReceiverAddresses(List<Network> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /**
     * The policy with {@code allowedNetworks}: comma-separated CIDRs of IP literals (e.g. {@code 10.1.0.0/16,
     * fd00::/8, 127.0.0.1/32}); a bare address is a single host. Empty: public addresses only.
     *
     * @throws IllegalArgumentException naming the setting, for anything else
     */
    public static ReceiverAddresses allowing(String allowedNetworks) {
        List<Network> networks = new ArrayList<>();
        for (String part : allowedNetworks == null ? new String[0] : allowedNetworks.split(",")) {
            String cidr = part.strip();
            if (cidr.isEmpty()) {
                continue;
            }
            int slash = cidr.indexOf('/');
            String literal = slash < 0 ? cidr : cidr.substring(0, slash);
            if (!LITERAL.matcher(literal).matches() || !(literal.contains(".") || literal.contains(":"))) {
                throw invalid(cidr);
            }
            byte[] address;
            try {
                address = normalize(InetAddress.getByName(literal).getAddress());
            } catch (UnknownHostException e) {
                throw invalid(cidr);
            }
            int prefix;
            try {
                prefix = slash < 0 ? address.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw invalid(cidr);
            }
            if (prefix < 0 || prefix > address.length * 8) {
                throw invalid(cidr);
            }
            networks.add(new Network(address, prefix));
        }
        return new ReceiverAddresses(networks);
    }

    private static IllegalArgumentException invalid(String cidr) {
        return new IllegalArgumentException("KEYPORT_WEBHOOKS_ALLOWED_NETWORKS: '" + cidr
                + "' is not a network in CIDR notation (an IPv4 or IPv6 address, then /prefix)");
    }

    /** Whether a delivery may connect to {@code address}: public, or inside an allowed network. */
    public boolean permits(InetAddress address) {
        byte[] bytes = normalize(address.getAddress());
        return isPublic(bytes) || allowed.stream().anyMatch(network -> network.contains(bytes));
    }

    /** Whether {@code address} is a public unicast address (what is permitted without an allowed network). */
    public static boolean isPublic(InetAddress address) {
        return isPublic(normalize(address.getAddress()));
    }

    /** Whether every one of {@code addresses} is permitted (and there is at least one). */
    public boolean permitsAll(InetAddress[] addresses) {
        return addresses.length > 0 && Arrays.stream(addresses).allMatch(this::permits);
    }

    @Override
    public String toString() {
        return allowed.toString();
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address it maps. */
    static byte[] normalize(byte[] address) {
        if (address.length == 16
                && allZero(address, 0, 10)
                && (address[10] & 0xff) == 0xff
                && (address[11] & 0xff) == 0xff) {
            return Arrays.copyOfRange(address, 12, 16);
        }
        return address;
    }

    static boolean isPublic(byte[] address) {
        if (address.length == 4) {
            return REFUSED_V4.stream().noneMatch(network -> network.contains(address));
        }
        if (address.length != 16) {
            return false;
        }
        int first = ((address[0] & 0xff) << 8) | (address[1] & 0xff);
        int second = ((address[2] & 0xff) << 8) | (address[3] & 0xff);
        if (allZero(address, 0, 12)) {
            return false; // ::, ::1, IPv4-compatible ::a.b.c.d (deprecated)
        }
        if (first == 0x0064 && second == 0xff9b && allZero(address, 4, 12)) {
            return isPublic(Arrays.copyOfRange(address, 12, 16)); // NAT64 64:ff9b::/96
        }
        if (first == 0x2002) {
            return isPublic(Arrays.copyOfRange(address, 2, 6)); // 6to4 2002::/16
        }
        if (first == 0x2001 && (address[2] & 0xfe) == 0) {
            return false; // 2001::/23, IETF protocol assignments, Teredo 2001::/32 among them
        }
        if (first == 0x2001 && second == 0x0db8) {
            return false; // documentation
        }
        if (first == 0x3fff && (address[2] & 0xf0) == 0) {
            return false; // documentation 3fff::/20
        }
        return (address[0] & 0xe0) == 0x20; // global unicast 2000::/3; not fc00::/7, fe80::/10, ff00::/8, 100::/64...
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Network v4(int a, int b, int c, int d, int prefix) {
        return new Network(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d}, prefix);
    }
}
