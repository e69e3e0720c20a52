package id.jamsos.gateway.nik;

import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.model.Sex;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Generated NIKs against the rules, with a fixed seed so a failure can be replayed. */
class NikPropertyTest {

    private static final int CASES = 3000;
    private static final String[] PREFIXES = {"9271", "9671", "1101", "3171", "7371", "9104", "9601", "8271"};

    @Test
    void everyGeneratedValidNikPasses() {
        Random random = new Random(20240917L);
        for (int i = 0; i < CASES; i++) {
            LocalDate birth = randomBirth(random);
            Sex sex = random.nextBoolean() ? Sex.L : Sex.P;
            String nik = SampleWorkers.validNik(random, birth, sex, PREFIXES[random.nextInt(PREFIXES.length)]);
            assertThat(Nik.check(nik, birth, sex)).as("case %d: %s %s", i, birth, sex).isEmpty();
            assertThat(Nik.sexOf(nik)).isEqualTo(sex);
            assertThat(Nik.birthDateOf(nik, birth.getYear() / 100)).isEqualTo(birth);
        }
    }

    @Test
    void everyDisagreeingDigitChangeInTheBirthSegmentIsRefused() {
        Random random = new Random(77L);
        int refused = 0;
        for (int i = 0; i < CASES / 10; i++) {
            LocalDate birth = randomBirth(random);
            Sex sex = random.nextBoolean() ? Sex.L : Sex.P;
            String nik = SampleWorkers.validNik(random, birth, sex, "9271");
            for (int pos = 6; pos < 12; pos++) {
                for (char d = '0'; d <= '9'; d++) {
                    if (d == nik.charAt(pos)) {
                        continue;
                    }
                    String corrupt = nik.substring(0, pos) + d + nik.substring(pos + 1);
                    boolean stillAgrees = agrees(corrupt, birth, sex);
                    List<RowRejection> r = Nik.check(corrupt, birth, sex);
                    // Changing a digit of DDMMYY always changes day, month, year or sex.
                    assertThat(stillAgrees).as("%s at %d", birth, pos).isFalse();
                    assertThat(r).as("corrupted at position %d for %s %s", pos, birth, sex)
                            .extracting(RowRejection::code)
                            .containsAnyOf("NIK_BIRTHDATE", "NIK_BIRTHDATE_MISMATCH", "NIK_SEX_MISMATCH");
                    refused++;
                }
            }
        }
        assertThat(refused).isEqualTo(CASES / 10 * 6 * 9);
    }

    private static boolean agrees(String nik, LocalDate birth, Sex sex) {
        return birth.equals(Nik.birthDateOf(nik, birth.getYear() / 100)) && Nik.sexOf(nik) == sex;
    }

    private static LocalDate randomBirth(Random random) {
        long from = LocalDate.of(1930, 1, 1).toEpochDay();
        long to = LocalDate.of(2024, 12, 31).toEpochDay();
        return LocalDate.ofEpochDay(from + (long) (random.nextDouble() * (to - from)));
    }
}
