package id.jamsos.gateway.nik;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NikMaskTest {

    static Stream<Arguments> inputsAndMasks() {
        return Stream.of(
                Arguments.of("a NIK", "9271014507900001", "9271********0001"),
                Arguments.of("a NIK in spaces, as a cell holds it", " 9271014507900001\t", "9271********0001"),
                Arguments.of("a NIK typed in groups", "9271 0145 0790 0001", "9271********0001"),
                Arguments.of("a digit too many", "92710145079000011", "9271********0011"),
                // Issue 15: the operator API showed 9271********4507, 8 of these 10 characters.
                Arguments.of("a malformed NIK of 10 digits", "9271014507", "92**************"),
                Arguments.of("a digit too few", "927101450790000", "92**************"),
                Arguments.of("a NIK Excel turned into a number", "9.27101E+15", "9.**************"),
                Arguments.of("8 characters, the shortest that keeps a prefix", "92710145", "92**************"),
                Arguments.of("7 characters", "9271014", "****************"),
                Arguments.of("2 characters", "92", "****************"),
                Arguments.of("a pasted paragraph", "x".repeat(499) + "y", "xxxx********xxxy"),
                Arguments.of("a line break inside", "92\n1014507900001", "92*1********0001"),
                Arguments.of("full-width digits", "\uff19\uff12\uff17\uff11014507900001", "************0001"),
                Arguments.of("empty", "", ""),
                Arguments.of("blank", "   ", ""),
                Arguments.of("null", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputsAndMasks")
    void masksByLengthNeverByShape(String what, String input, String masked) {
        assertThat(NikMask.mask(input)).isEqualTo(masked);
    }

    @Test
    void noInputShowsMoreThanEightCharactersOrHalfOfItself() {
        String digits = "9271014507900001927101450790000192710145079000019271014507900001";
        for (int length = 1; length <= digits.length(); length++) {
            String input = digits.substring(0, length);
            String masked = NikMask.mask(input);
            long shown = masked.chars().filter(c -> c != '*').count();
            assertThat(masked).as("mask of %d digits", length).hasSize(NikMask.MASK_LENGTH);
            assertThat(shown).as("characters shown of %d", length)
                    .isLessThanOrEqualTo(NikMask.MOST_SHOWN).isLessThanOrEqualTo(length / 2);
        }
    }

    @Test
    void scrubMasksEverySixteenDigitRunButNotOtherNumbers() {
        assertThat(NikMask.scrub("VALUES ('3171234567890123') and 3171234567890124; KPJ 12345678901, "
                + "17-digit 31712345678901234, 32 digits 31712345678901233171234567890123"))
                .isEqualTo("VALUES ('3171********0123') and 3171********0124; KPJ 12345678901, "
                        + "17-digit 31712345678901234, 32 digits 31712345678901233171234567890123");
        assertThat(NikMask.scrub("9271014507900001")).isEqualTo("9271********0001");
        assertThat(NikMask.scrub("nik=9271014507900001x9271014107900002"))
                .isEqualTo("nik=9271********0001x9271********0002");
        assertThat(NikMask.scrub(null)).isNull();
    }

    @Test
    void scrubInPlaceMasksTheSameRunsWithoutMovingACharacter() {
        String text = "nik=9271014507900001x9271014107900002, KPJ 12345678901, 17 digits 92710145079000011";
        StringBuilder line = new StringBuilder(text);
        NikMask.scrubInPlace(line);
        assertThat(line.toString()).isEqualTo(NikMask.scrub(text))
                .isEqualTo("nik=9271********0001x9271********0002, KPJ 12345678901, 17 digits 92710145079000011");
    }

    @Test
    void scrubReturnsATextWithoutANikItself() {
        String text = "batch of 25 rows for file 1234567890 sent, 17 digits 92710145079000011";
        assertThat(NikMask.scrub(text)).isSameAs(text);
        assertThat(NikMask.scrub("")).isSameAs("");
    }
}
