package id.jamsos.gateway.eligibility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.jamsos.gateway.ledger.EligibilityLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extract's format (docs/eligibility.md): header names as registers write them, lines skipped by number. */
class EligibilityExtractTest {

    @TempDir
    Path dir;

    private List<EligibilityLedger.Entry> read(EligibilityExtract extract) {
        List<EligibilityLedger.Entry> out = new ArrayList<>();
        extract.forEachRemaining(out::add);
        return out;
    }

    @Test
    void readsAP3keStyleExtractWithSemicolonsQuotesAndDecoration() throws Exception {
        Path f = dir.resolve("p3ke.csv");
        Files.writeString(f, "\uFEFFID Keluarga P3KE;NIK;Nama;Desil Kesejahteraan;Kode Desa\n"
                + "\"P-1\";'9271014101900001;\"Tanjung; Mariat\";Desil 1;92.71.01.1001\n"
                + "P-2;9271014101900002;B;3.0;9271011002\n"
                + "P-3;92710141019;C;2;9271011003\n"
                + "\n"
                + "P-4;9271014101900004;D;11;9271011004\n", StandardCharsets.UTF_8);
        try (EligibilityExtract extract = EligibilityExtract.open(f)) {
            assertThat(read(extract)).containsExactly(
                    new EligibilityLedger.Entry("9271014101900001", 1, "9271011001", "P-1"),
                    new EligibilityLedger.Entry("9271014101900002", 3, "9271011002", "P-2"));
            assertThat(extract.skipped()).isEqualTo(2);
            // By line and reason, never by value.
            assertThat(extract.skips()).containsExactly("line 4: NIK is not 16 digits",
                    "line 6: decile is not a number from 1 to 10");
            assertThat(extract.villageCodeSystem()).isEqualTo(EligibilityExtract.KEMENDAGRI);
        }
    }

    @Test
    void aBpsCodeColumnIsRecordedAsBpsAndColumnsMayBeMissing() throws Exception {
        Path f = dir.resolve("dtsen.csv");
        Files.writeString(f, "nik,desil,kode_desa_bps\n9271014101900001,4,9271010001\n", StandardCharsets.UTF_8);
        try (EligibilityExtract extract = EligibilityExtract.open(f)) {
            assertThat(extract.villageCodeSystem()).isEqualTo(EligibilityExtract.BPS);
            assertThat(read(extract)).containsExactly(new EligibilityLedger.Entry("9271014101900001", 4, "9271010001", null));
        }
        Path bare = dir.resolve("bare.csv");
        Files.writeString(bare, "NIK\tDECILE\n9271014101900001\t2\n", StandardCharsets.UTF_8);
        try (EligibilityExtract extract = EligibilityExtract.open(bare)) {
            assertThat(extract.hasVillageCodes()).isFalse();
            assertThat(read(extract)).containsExactly(new EligibilityLedger.Entry("9271014101900001", 2, null, null));
        }
    }

    @Test
    void anExtractWithoutADecileColumnIsRefusedAsAWhole() throws Exception {
        Path f = dir.resolve("no-decile.csv");
        Files.writeString(f, "NIK,NAMA\n9271014101900001,A\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EligibilityExtract.open(f)).hasMessageContaining("no decile column");
    }

    @Test
    void targetDecilesAreRangesAndLists() {
        TargetDeciles d = TargetDeciles.parse("1-4");
        assertThat(d.contains(1)).isTrue();
        assertThat(d.contains(4)).isTrue();
        assertThat(d.contains(5)).isFalse();
        TargetDeciles list = TargetDeciles.parse("1, 2,5-6");
        assertThat(list.contains(5)).isTrue();
        assertThat(list.contains(3)).isFalse();
        assertThatThrownBy(() -> TargetDeciles.parse("0-4")).hasMessageContaining("targetDeciles");
        assertThatThrownBy(() -> TargetDeciles.parse("")).hasMessageContaining("targetDeciles");
        assertThat(EligibilityPolicy.of("Hold")).isEqualTo(EligibilityPolicy.HOLD);
        assertThat(EligibilityPolicy.of("")).isEqualTo(EligibilityPolicy.OFF);
        assertThatThrownBy(() -> EligibilityPolicy.of("block")).hasMessageContaining("off, warn, hold or refuse");
    }

    @Test
    void verdictsNameTheDecileInBothLanguages() {
        EligibilityVerdict v = EligibilityVerdict.outside(7, TargetDeciles.parse("1-4"));
        assertThat(v.rejection().code()).isEqualTo(EligibilityVerdict.OUTSIDE_TARGET_DECILE);
        assertThat(v.text()).isEqualTo("Desil 7 di luar desil sasaran program (1-4) / Decile 7 is outside the"
                + " programme's target deciles (1-4)");
        assertThat(EligibilityVerdict.notOnList("DTSEN Q1").rejection().code()).isEqualTo("NOT_ELIGIBLE");
    }

    @Test
    void aMisspeltPolicyOrTargetIsAConfigurationProblemNamingTheSetting() {
        List<String> problems = id.jamsos.gateway.app.ConfigCheck.problems(id.jamsos.gateway.app.GatewayProperties.of(
                java.util.Map.of("jamsos.eligibility.policy", "block", "jamsos.eligibility.targetDeciles", "1-11")));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("jamsos.eligibility.policy", "block"))
                .anySatisfy(p -> assertThat(p).contains("jamsos.eligibility.targetDeciles", "1-11"));
    }
}
