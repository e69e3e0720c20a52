package id.jamsos.gateway.claims;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SenderAllowListTest {

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void emptyAllowsEveryone() throws Exception {
        assertThat(SenderAllowList.parse("").allows(ip("198.51.100.7"))).isTrue();
        assertThat(SenderAllowList.parse(" , ").allowsEveryone()).isTrue();
        assertThat(SenderAllowList.parse(null).allows(null)).isTrue();
    }

    @Test
    void addressesAndBlocksOfBothFamilies() throws Exception {
        SenderAllowList list = SenderAllowList.parse("203.0.113.0/24, 198.51.100.7 ,10.1.0.0/17,2001:db8::/32");
        assertThat(list.allows(ip("203.0.113.255"))).isTrue();
        assertThat(list.allows(ip("203.0.114.0"))).isFalse();
        assertThat(list.allows(ip("198.51.100.7"))).isTrue();
        assertThat(list.allows(ip("198.51.100.8"))).isFalse();
        assertThat(list.allows(ip("10.1.127.255"))).isTrue();
        assertThat(list.allows(ip("10.1.128.0"))).isFalse();
        assertThat(list.allows(ip("2001:db8:ffff::1"))).isTrue();
        assertThat(list.allows(ip("2001:db9::1"))).isFalse();
        // An IPv4 address in IPv6 form is that IPv4 address.
        assertThat(list.allows(ip("::ffff:203.0.113.9"))).isTrue();
        assertThat(list.allows(null)).isFalse();
        assertThat(SenderAllowList.parse("0.0.0.0/0").allows(ip("192.0.2.1"))).isTrue();
        assertThat(SenderAllowList.parse("0.0.0.0/0").allows(ip("2001:db8::1"))).isFalse();
    }

    @Test
    void anythingButAnAddressOrBlockIsRefusedByName() {
        for (String bad : new String[] {"bpjs.go.id", "203.0.113.0/33", "2001:db8::/129", "10.0.0.0/x", "10.0.0.0/-1",
                "300.1.1.1", "localhost", "deadbeef", "1.2.3"}) {
            assertThatThrownBy(() -> SenderAllowList.parse("198.51.100.7," + bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jamsos.callback.allowedSenders")
                    .hasMessageContaining("'" + bad + "'");
        }
    }
}
