package id.jamsos.gateway.claims;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The addresses allowed to call the claim callback ({@code jamsos.callback.allowedSenders}): IPv4 and
 * IPv6 addresses and CIDR blocks, separated by commas. Empty allows every address, the signature
 * being the callback's real defence; a list narrows who may even try one (BPJS's published egress
 * addresses, say). An IPv4 address written as IPv6 ({@code ::ffff:10.0.0.1}) counts as IPv4.
 *
 * <p>This is the address the gateway's server sees: behind a reverse proxy or load balancer it is the
 * proxy's, and the list must then be kept at the proxy (docs/operations.md).
 */
public final class SenderAllowList {

    /** Literal addresses only: a host name here would make every start depend on DNS. */
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> blocks;
    private final String setting;

    private SenderAllowList(List<Block> blocks, String setting) {
        this.blocks = blocks;
        this.setting = setting;
    }

    /**
     * @param setting the comma-separated list; null or blank allows everyone
     * @throws IllegalArgumentException naming the entry that is not an address or CIDR block
     */
    public static SenderAllowList parse(String setting) {
        List<Block> blocks = new ArrayList<>();
        if (setting != null) {
            for (String raw : setting.split(",")) {
                String entry = raw.trim();
                if (!entry.isEmpty()) {
                    blocks.add(block(entry));
                }
            }
        }
        return new SenderAllowList(List.copyOf(blocks), setting == null ? "" : setting.trim());
    }

    private static Block block(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        if (!LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("jamsos.callback.allowedSenders: '" + entry
                    + "' is not an IP address or CIDR block (host names are not taken)");
        }
        byte[] network = literal(address);
        if (network == null) {
            throw new IllegalArgumentException("jamsos.callback.allowedSenders: '" + entry + "' is not an IP address");
        }
        int bits = network.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("jamsos.callback.allowedSenders: '" + entry
                        + "' has a prefix length outside 0-" + bits);
            }
        }
        return new Block(network, prefix);
    }

    /**
     * The address's bytes, or null. IPv4 is parsed here: {@link InetAddress#getByName} would look a
     * string that is not a dotted quad up in DNS. A string with a colon is only ever an IPv6 literal to it.
     */
    private static byte[] literal(String address) {
        if (address.indexOf(':') >= 0) {
            try {
                return normalised(InetAddress.getByName(address).getAddress());
            } catch (UnknownHostException e) {
                return null;
            }
        }
        if (!DOTTED_QUAD.matcher(address).matches()) {
            return null;
        }
        String[] parts = address.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            bytes[i] = (byte) octet;
        }
        return bytes;
    }

    /** True when the list is empty or the address is in one of its blocks; an unknown address is refused. */
    public boolean allows(InetAddress sender) {
        if (blocks.isEmpty()) {
            return true;
        }
        if (sender == null) {
            return false;
        }
        byte[] address = normalised(sender.getAddress());
        return blocks.stream().anyMatch(b -> b.contains(address));
    }

    public boolean allowsEveryone() {
        return blocks.isEmpty();
    }

    @Override
    public String toString() {
        return blocks.isEmpty() ? "(everyone)" : setting;
    }

    /** An IPv4-mapped IPv6 address as the IPv4 address it is. */
    private static byte[] normalised(byte[] address) {
        if (address.length == 16) {
            boolean mapped = address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = address[i] == 0;
            }
            if (mapped) {
                return new byte[] {address[12], address[13], address[14], address[15]};
            }
        }
        return address;
    }
}
