package id.jamsos.gateway.intake;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SafeFileNamesTest {

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aNameIsMeasuredInBytesOfTheLongestNameTheGatewayDerivesFromIt() {
        // 200 ASCII characters: every derived name (.writing-<name>.<id>.reupload.txt) still fits in 255 bytes.
        String ascii = "p".repeat(196) + ".csv";
        assertThat(SafeFileNames.problem(ascii)).isEmpty();
        assertThat(bytes(".writing-" + ascii + ".123456789012.reupload.txt")).isLessThanOrEqualTo(255);
        // Under 200 characters but over the byte limit: Thai (3 bytes a letter), an emoji (4).
        String thai = "\u0E01".repeat(73) + ".csv";
        assertThat(thai.length()).isLessThan(SafeFileNames.MAX_CHARS);
        assertThat(SafeFileNames.problem(thai)).hasValueSatisfying(p -> assertThat(p).contains("bytes"));
        String justFits = "\u0E01".repeat((SafeFileNames.MAX_NAME_BYTES - 4) / 3) + ".csv";
        assertThat(SafeFileNames.problem(justFits)).isEmpty();
        assertThat(SafeFileNames.problem("\uD83D\uDE00".repeat(56) + ".csv")).isPresent();
    }

    @Test
    void onlyANameCamelCouldNotDownloadIsKeptFromTheDownload() {
        // <name>.inprogress in the local work folder must fit in 255 bytes.
        String downloadable = "\u0E01".repeat(80) + ".csv";
        assertThat(bytes(downloadable)).isEqualTo(244);
        assertThat(SafeFileNames.tooLongToDownload(downloadable)).isFalse();
        assertThat(SafeFileNames.tooLongToStore(downloadable)).isTrue();
        assertThat(SafeFileNames.tooLongToDownload("\u0E01".repeat(81) + ".csv")).isTrue();
        assertThat(SafeFileNames.tooLongToDownload("p".repeat(220) + ".csv")).isFalse();
    }

    @Test
    void theNoteOfAnUnsafeNameIsStorableWhateverTheScript() {
        String thai = "\u0E01".repeat(81) + ".csv";
        String note = SafeFileNames.noteBase(thai) + ".error.txt";
        assertThat(note).startsWith("unsafe-name_\u0E01");
        assertThat(bytes(note)).isLessThanOrEqualTo(160);
        assertThat(SafeFileNames.noteBase("\u0E01".repeat(82) + ".csv")).isNotEqualTo(SafeFileNames.noteBase(thai));
    }
}
