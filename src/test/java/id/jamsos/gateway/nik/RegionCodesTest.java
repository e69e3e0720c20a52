package id.jamsos.gateway.nik;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The region table: Kota Sorong under both Kemendagri codes, every region the demo draws NIKs from, BPS said honestly. */
class RegionCodesTest {

    @Test
    void kotaSorongHasItsOldAndNewKemendagriCodes() {
        assertThat(RegionCodes.kemendagri("92.71").orElseThrow().describe())
                .isEqualTo("92.71 Kota Sorong (Kemendagri; Papua Barat, until 2022)");
        assertThat(RegionCodes.kemendagri("9671").orElseThrow().province()).isEqualTo("Papua Barat Daya");
        // A NIK or a village code finds its city by its first four digits.
        assertThat(RegionCodes.kemendagri("9671011001").orElseThrow().name()).isEqualTo("Kota Sorong");
        assertThat(RegionCodes.describe("1101")).contains("Kemendagri; not in");
    }

    @Test
    void everyRegionTheDemoUsesIsInTheTableAndNoBpsCodeIsClaimedConfirmed() {
        for (String prefix : List.of("9271", "9671", "9171", "9202", "9105", "8171", "8271", "7371", "7472", "7311",
                "3578", "3374", "5171", "5371", "9404", "9303")) {
            assertThat(RegionCodes.kemendagri(prefix)).as(prefix).isPresent();
        }
        // This project could confirm no BPS city code: each is marked so, none passes as fact.
        assertThat(RegionCodes.all()).allSatisfy(r -> assertThat(r.bpsConfirmed()).isFalse());
        assertThat(RegionCodes.kemendagri("9271").orElseThrow().bps()).isEqualTo("9171");
    }
}
