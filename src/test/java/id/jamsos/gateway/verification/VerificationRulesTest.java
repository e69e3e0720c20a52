package id.jamsos.gateway.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.registry.RegistryField;
import id.jamsos.gateway.registry.RegistryUnavailableException;
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
        RowDecision d = decide(item(7, null), found(true, Map.of()));

        assertThat(d.outcome()).isEqualTo(RowDecision.Outcome.GO);
        assertThat(d.rowNo()).isEqualTo(7);
        assertThat(d.reasons()).isEmpty();
        assertThat(d.warning()).isNull();
    }

    @Test
    void aFieldBelowTheThresholdWithAnEktpIsRefusedNamingTheColumnAndTheScore() {
        RowDecision d = decide(item(3, null), found(true, Map.of(RegistryField.FULL_NAME, 43,
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
        RowDecision d = decide(item(4, null), RegistryVerdict.notFound(80));

        assertThat(d.outcome()).isEqualTo(RowDecision.Outcome.REVIEW);
        assertThat(d.reasons()).isEmpty();
        assertThat(d.reviewReason()).isEqualTo(VerificationRules.NOT_FOUND)
                .contains("tidak ditemukan di data Dukcapil").contains(" / ").contains("did not find this NIK");
        // The reports split the reason at its first " / ": Indonesian before, English after.
        assertThat(d.reviewReason().split(" / ")).hasSize(2);
    }

    @Test
    void noEktpRecordedWaitsForAPersonEvenWhenAFieldDoesNotMatchAndSaysWhich() {
        RowDecision matching = decide(item(5, null), found(false, Map.of()));
        RowDecision mismatching = decide(item(6, null), found(false, Map.of(RegistryField.SEX, 0)));

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
        RowDecision d = decide(item(8, SET_ASIDE), found(true, Map.of()));

        assertThat(d.outcome()).isEqualTo(RowDecision.Outcome.GO);
        assertThat(d.warning()).isEqualTo("Tanggal lahir NIK berbeda, sesuai data Dukcapil"
                + " / NIK's birth date differs; the registry confirms TGL_LAHIR");
    }

    @Test
    void aBirthDateTheRegistryDoesNotConfirmIsRefusedAsValidationWouldHave() {
        RowDecision differs = decide(item(9, SET_ASIDE), found(true, Map.of(RegistryField.BIRTH_DATE, 50)));
        RowDecision notFound = decide(item(10, SET_ASIDE), RegistryVerdict.notFound(80));
        // Not judged at all: not confirmed either.
        RowDecision notJudged = decide(item(11, SET_ASIDE), new RegistryVerdict(RegistryVerdict.Kind.FOUND,
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
        RowDecision d = decide(item(12, SET_ASIDE), found(false, Map.of()));

        assertThat(d.outcome()).isEqualTo(RowDecision.Outcome.REVIEW);
        assertThat(d.warning()).isEqualTo(VerificationRules.BIRTH_DATE_CONFIRMED);
    }

    @Test
    void aJobWhoseFirstAnswersAreAllUnreadableIsHeldABoundedNumberOfTimesThenItsRowsGoToReview() {
        EnrollmentJob job = new EnrollmentJob(41, "dinsos", "f.csv", List.of(item(1, null), item(2, null),
                item(3, null)));
        for (int delivery = 1; delivery <= VerificationRules.UNREADABLE_HOLDS; delivery++) {
            VerificationRules.JobAnswers answers = rules.newJob();
            assertThat(rules.decide(item(1, null), job, answers, RegistryVerdict.unreadable(80)).outcome())
                    .isEqualTo(RowDecision.Outcome.REVIEW);
            assertThat(rules.decide(item(2, null), job, answers, RegistryVerdict.unreadable(80)).outcome())
                    .isEqualTo(RowDecision.Outcome.REVIEW);
            assertThatThrownBy(() -> rules.decide(item(3, null), job, answers, RegistryVerdict.unreadable(80)))
                    .as("delivery %d: a service message", delivery).isInstanceOf(RegistryUnavailableException.class);
        }
        // Held UNREADABLE_HOLDS times: the next delivery decides the rows (a person checks them) rather than
        // holding the job forever.
        VerificationRules.JobAnswers answers = rules.newJob();
        for (int row = 1; row <= 3; row++) {
            RowDecision d = rules.decide(item(row, null), job, answers, RegistryVerdict.unreadable(80));
            assertThat(d.outcome()).isEqualTo(RowDecision.Outcome.REVIEW);
            assertThat(d.reviewReason()).isEqualTo(VerificationRules.UNREADABLE);
        }
        // Another job is counted for itself.
        EnrollmentJob other = new EnrollmentJob(42, "dinsos", "g.csv", job.items());
        VerificationRules.JobAnswers fresh = rules.newJob();
        decide(rules, other, fresh, 1);
        decide(rules, other, fresh, 2);
        assertThatThrownBy(() -> decide(rules, other, fresh, 3)).isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void unreadableAnswersOfOtherJobsOrAfterAReadableOneDoNotHoldAJob() {
        EnrollmentJob a = new EnrollmentJob(51, "dinsos", "a.csv", List.of(item(1, null), item(2, null)));
        EnrollmentJob b = new EnrollmentJob(52, "dinsos", "b.csv", List.of(item(1, null)));
        VerificationRules.JobAnswers first = rules.newJob();
        decide(rules, a, first, 1);
        decide(rules, a, first, 2);
        // Two unreadable answers in job a, one now in job b: not three of one job.
        assertThat(decide(rules, b, rules.newJob(), 1).outcome()).isEqualTo(RowDecision.Outcome.REVIEW);

        EnrollmentJob c = new EnrollmentJob(53, "dinsos", "c.csv", List.of(item(1, null), item(2, null),
                item(3, null), item(4, null)));
        VerificationRules.JobAnswers answers = rules.newJob();
        assertThat(rules.decide(item(1, null), c, answers, found(true, Map.of())).outcome())
                .isEqualTo(RowDecision.Outcome.GO);
        for (int row = 2; row <= 4; row++) {
            assertThat(decide(rules, c, answers, row).outcome()).as("a readable answer came first")
                    .isEqualTo(RowDecision.Outcome.REVIEW);
        }
    }

    private static RowDecision decide(VerificationRules rules, EnrollmentJob job,
                                      VerificationRules.JobAnswers answers, int row) {
        return rules.decide(item(row, null), job, answers, RegistryVerdict.unreadable(80));
    }

    /** One row decided alone, outside a job's verification. */
    private RowDecision decide(EnrollmentJob.Item item, RegistryVerdict verdict) {
        return rules.decide(item, null, null, verdict);
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
