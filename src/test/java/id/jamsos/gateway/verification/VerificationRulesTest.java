package id.jamsos.gateway.verification;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.registry.RegistryField;
import id.jamsos.gateway.registry.RegistryVerdict;
import id.jamsos.gateway.registry.RegistryVerdict.FieldVerdict;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every kind of registry verdict, and a birth date set aside by validation, against the rules. */
class VerificationRulesTest {

    private static final RowRejection SET_ASIDE = new RowRejection("NIK", "NIK_BIRTHDATE_MISMATCH",
            "Tanggal lahir di NIK 12-05-1990 (laki-laki) tidak sama dengan TGL_LAHIR 12-06-1990: beda bulan",
            "The NIK's birth date 12-05-1990 (male) does not match TGL_LAHIR 12-06-1990: month differs");

    private final VerificationRules rules = new VerificationRules();

    @Test
    void everyFieldMatchingWithAnEktpGoesOn() {
        RowDecision d = rules.decide(item(7, null), found(true, Map.of()));

        assertThat(d.outcome()).isEqualTo(RowDecision.Outcome.GO);
        assertThat(d.rowNo()).isEqualTo(7);
        assertThat(d.reasons()).isEmpty();
        assertThat(d.warning()).isNull();
    }

    @Test
    void aFieldBelowTheThresholdWithAnEktpIsRefusedNamingTheColumnAndTheScore() {
        RowDecision d = rules.decide(item(3, null), found(true, Map.of(RegistryField.FULL_NAME, 43,
                RegistryField.BIRTH_PLACE, 61)));

        assertThat(d.outcome()).isEqualTo(RowDecision.Outcome.REJECT);
        assertThat(d.reasons()).extracting(RowRejection::field, RowRejection::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NAMA", "REGISTRY_MISMATCH"),
                        org.assertj.core.groups.Tuple.tuple("TEMPAT_LAHIR", "REGISTRY_MISMATCH"));
        assertThat(d.reasons().get(0).messageId()).isEqualTo("NAMA tidak sesuai data Dukcapil (skor 43 < 80)");
        assertThat(d.reasons().get(0).messageEn())
                .isEqualTo("NAME does not match the population registry (score 43 < 80)");
        assertThat(d.reasons().get(1).messageEn()).startsWith("BIRTH PLACE does not match");
    }

    @Test
    void aWorkerTheRegistryDoesNotFindWaitsForAPersonAndIsNeverRefused() {
        RowDecision d = rules.decide(item(4, null), RegistryVerdict.notFound(80));

        assertThat(d.outcome()).isEqualTo(RowDecision.Outcome.REVIEW);
        assertThat(d.reasons()).isEmpty();
        assertThat(d.reviewReason()).isEqualTo(VerificationRules.NOT_FOUND)
                .contains("tidak ditemukan di data Dukcapil").contains(" / ").contains("did not find this NIK");
        // The reports split the reason at its first " / ": Indonesian before, English after.
        assertThat(d.reviewReason().split(" / ")).hasSize(2);
    }

    @Test
    void noEktpRecordedWaitsForAPersonEvenWhenAFieldDoesNotMatchAndSaysWhich() {
        RowDecision matching = rules.decide(item(5, null), found(false, Map.of()));
        RowDecision mismatching = rules.decide(item(6, null), found(false, Map.of(RegistryField.SEX, 0)));

        assertThat(matching.outcome()).isEqualTo(RowDecision.Outcome.REVIEW);
        assertThat(matching.reviewReason()).isEqualTo(VerificationRules.NO_EKTP).contains("BELUM REKAM");
        assertThat(mismatching.outcome()).isEqualTo(RowDecision.Outcome.REVIEW);
        String[] parts = mismatching.reviewReason().split(" / ");
        assertThat(parts).hasSize(2);
        assertThat(parts[0]).contains("BELUM REKAM").endsWith("JENIS_KELAMIN tidak sesuai data Dukcapil (skor 0 < 80)");
        assertThat(parts[1]).endsWith("SEX does not match the population registry (score 0 < 80)");
    }

    @Test
    void aBirthDateTheRegistryConfirmsLiftsTheSetAsideReasonWithARemark() {
        RowDecision d = rules.decide(item(8, SET_ASIDE), found(true, Map.of()));

        assertThat(d.outcome()).isEqualTo(RowDecision.Outcome.GO);
        assertThat(d.warning()).isEqualTo("Tanggal lahir NIK berbeda, sesuai data Dukcapil"
                + " / NIK's birth date differs; the registry confirms TGL_LAHIR");
    }

    @Test
    void aBirthDateTheRegistryDoesNotConfirmIsRefusedAsValidationWouldHave() {
        RowDecision differs = rules.decide(item(9, SET_ASIDE), found(true, Map.of(RegistryField.BIRTH_DATE, 50)));
        RowDecision notFound = rules.decide(item(10, SET_ASIDE), RegistryVerdict.notFound(80));
        // Not judged at all: not confirmed either.
        RowDecision notJudged = rules.decide(item(11, SET_ASIDE), new RegistryVerdict(RegistryVerdict.Kind.FOUND,
                Map.of(RegistryField.FULL_NAME, new FieldVerdict(true, 100)), true, 80));

        assertThat(differs.outcome()).isEqualTo(RowDecision.Outcome.REJECT);
        assertThat(differs.reasons()).extracting(RowRejection::code)
                .containsExactly("NIK_BIRTHDATE_MISMATCH", "REGISTRY_MISMATCH");
        assertThat(notFound.outcome()).isEqualTo(RowDecision.Outcome.REJECT);
        assertThat(notFound.reasons()).containsExactly(SET_ASIDE);
        assertThat(notJudged.outcome()).isEqualTo(RowDecision.Outcome.REJECT);
        assertThat(notJudged.reasons()).containsExactly(SET_ASIDE);
    }

    @Test
    void aConfirmedBirthDateWithoutAnEktpWaitsForAPersonAndKeepsItsRemark() {
        RowDecision d = rules.decide(item(12, SET_ASIDE), found(false, Map.of()));

        assertThat(d.outcome()).isEqualTo(RowDecision.Outcome.REVIEW);
        assertThat(d.warning()).isEqualTo(VerificationRules.BIRTH_DATE_CONFIRMED);
    }

    /** Found, every field judged: those in {@code below} with their score under 80, the others 100. */
    static RegistryVerdict found(boolean ektp, Map<RegistryField, Integer> below) {
        Map<RegistryField, FieldVerdict> fields = new EnumMap<>(RegistryField.class);
        for (RegistryField f : RegistryField.values()) {
            Integer score = below.get(f);
            fields.put(f, score == null ? new FieldVerdict(true, 100) : new FieldVerdict(false, score));
        }
        return new RegistryVerdict(RegistryVerdict.Kind.FOUND, fields, ektp, 80);
    }

    static EnrollmentJob.Item item(int row, RowRejection setAside) {
        return new EnrollmentJob.Item(row, "Sorong Timur", new EnrollmentRequest("ref-" + row, "9671011205900001",
                "Worker " + row, "1990-06-12", "L", "Sorong", null, null, null, null, null, 1_000_000L,
                List.of("JKK", "JKM"), "9671"), setAside);
    }
}
