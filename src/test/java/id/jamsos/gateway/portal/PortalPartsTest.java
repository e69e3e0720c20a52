package id.jamsos.gateway.portal;

import id.jamsos.gateway.config.AgencyPortal;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The portal's small parts: password hashes, its agencies.yaml fields, the template, the origin check. */
class PortalPartsTest {

    @Test
    void rowsInReviewAreSaidToTheClerkAndNeverToBeSentAgain() {
        java.util.Map<id.jamsos.gateway.ledger.RowState, Integer> counts =
                new java.util.EnumMap<>(id.jamsos.gateway.ledger.RowState.class);
        for (id.jamsos.gateway.ledger.RowState s : id.jamsos.gateway.ledger.RowState.values()) {
            counts.put(s, 0);
        }
        counts.put(id.jamsos.gateway.ledger.RowState.ENROLLED, 4);
        counts.put(id.jamsos.gateway.ledger.RowState.REVIEW, 2);
        id.jamsos.gateway.ledger.FileInfo file = new id.jamsos.gateway.ledger.FileInfo(7, "distrik", "maret.csv",
                "ab".repeat(32), id.jamsos.gateway.ledger.FileState.DONE, 6, 0, java.time.Instant.now(),
                java.time.Instant.now(), null, null);

        assertThat(PortalPages.notes(file, counts)).singleElement().satisfies(n -> {
            assertThat(n.id()).startsWith("2 baris diperiksa petugas").contains("Jangan kirim ulang");
            assertThat(n.en()).startsWith("2 rows are being checked by a person").contains("Do not send");
        });
    }

    @Test
    void rowsAnotherPayerCoversAreSaidToTheClerkAsNotEnrolledAtTheCitysCost() {
        java.util.Map<id.jamsos.gateway.ledger.RowState, Integer> counts =
                new java.util.EnumMap<>(id.jamsos.gateway.ledger.RowState.class);
        for (id.jamsos.gateway.ledger.RowState s : id.jamsos.gateway.ledger.RowState.values()) {
            counts.put(s, 0);
        }
        counts.put(id.jamsos.gateway.ledger.RowState.ENROLLED, 4);
        counts.put(id.jamsos.gateway.ledger.RowState.OTHER_PAYER, 3);
        id.jamsos.gateway.ledger.FileInfo file = new id.jamsos.gateway.ledger.FileInfo(8, "distrik", "april.csv",
                "cd".repeat(32), id.jamsos.gateway.ledger.FileState.DONE, 7, 0, java.time.Instant.now(),
                java.time.Instant.now(), null, null);

        assertThat(PortalPages.notes(file, counts)).singleElement().satisfies(n -> {
            assertThat(n.id()).startsWith("3 baris sudah menjadi peserta aktif yang dibayar pihak lain")
                    .contains("tidak didaftarkan atas biaya kota", "Kirim lagi bila pembayar lain berhenti membayar");
            assertThat(n.en()).startsWith("3 rows are already active members paid by another payer")
                    .contains("not enrolled at the city's cost", "Send them again if the other payer stops paying");
        });
    }

    /** A download's name never breaks the header: no quote, line break or slash in the plain name. */
    @Test
    void theDownloadNameIsASafeHeaderValueWithTheExactNameBeside() {
        assertThat(PortalDownloads.contentDisposition("pekerja.csv.report.v2.xlsx"))
                .isEqualTo("attachment; filename=\"pekerja.csv.report.v2.xlsx\"; filename*=UTF-8''pekerja.csv.report.v2.xlsx");
        String odd = PortalDownloads.contentDisposition("../data \"Maret\"\r\nX: y é*.csv");
        assertThat(odd).isEqualTo("attachment; filename=\"_._data__Maret___X__y___.csv\"; filename*=UTF-8''"
                + "..%2Fdata%20%22Maret%22%0D%0AX%3A%20y%20%C3%A9%2A.csv");
        assertThat(odd).doesNotContain("\r", "\n", "/");
    }

    @Test
    void aPasswordHashMatchesItsPasswordOnlyAndNeverHoldsIt() {
        String hash = PasswordHash.of("rahasia-sekali".toCharArray(), 10_000);
        assertThat(hash).startsWith("pbkdf2-sha256$10000$").doesNotContain("rahasia");
        assertThat(PasswordHash.matches("rahasia-sekali", hash)).isTrue();
        assertThat(PasswordHash.matches("rahasia-sekalI", hash)).isFalse();
        assertThat(PasswordHash.matches("rahasia-sekali", hash.replace("10000", "10001"))).isFalse();
        assertThat(PasswordHash.matches("x", "plain-text")).isFalse();
        assertThat(PasswordHash.of("rahasia-sekali".toCharArray(), 10_000)).as("a salt of its own").isNotEqualTo(hash);
    }

    @Test
    void agenciesYamlTakesPortalUsersWithHashesAndAContactAddress(@TempDir Path dir) throws Exception {
        String hash = PasswordHash.of("rahasia-sekali".toCharArray(), 10_000);
        Path yaml = dir.resolve("agencies.yaml");
        Files.writeString(yaml, agency("dinas-sosial", "contact_email: pendataan@dinsos.sorongkota.go.id\n"
                + "    portal_users:\n      - username: dinsos-ani\n        password_hash: \"" + hash + "\"\n"));
        AgencyRegistry registry = AgencyRegistry.load(yaml, Map.of("PW", "x")::get);
        AgencyPortal portal = registry.portal("dinas-sosial");
        assertThat(portal.contactEmail()).isEqualTo("pendataan@dinsos.sorongkota.go.id");
        assertThat(portal.user("dinsos-ani")).map(AgencyPortal.User::passwordHash).contains(hash);
        assertThat(registry.portal("nobody")).isEqualTo(AgencyPortal.NONE);
    }

    @Test
    void aPlainPasswordOrABadAddressIsRefusedWithoutQuotingTheSecret(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("agencies.yaml");
        Files.writeString(yaml, agency("dinas-sosial", "contact_email: \"a@b.c\\nBcc: x@y.z\"\n"
                + "    portal_users:\n      - username: dinsos-ani\n        password: RahasiaSekali123\n"));
        assertThatThrownBy(() -> AgencyRegistry.load(yaml, Map.of("PW", "x")::get))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("portal_users[0].password")
                .hasMessageContaining("portal_users[0].password_hash")
                .hasMessageContaining("contact_email")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("RahasiaSekali123"));
    }

    @Test
    void aUserNameNamesOneAgency(@TempDir Path dir) throws Exception {
        String hash = PasswordHash.of("rahasia-sekali".toCharArray(), 10_000);
        String users = "portal_users:\n      - username: klerk\n        password_hash: \"" + hash + "\"\n";
        Path yaml = dir.resolve("agencies.yaml");
        Files.writeString(yaml, agency("dinas-sosial", users) + agency("distrik-barat", users).replace("agencies:\n", ""));
        assertThatThrownBy(() -> AgencyRegistry.load(yaml, Map.of("PW", "x")::get))
                .hasMessageContaining("portal user 'klerk' is listed by both");
    }

    @Test
    void theTemplateHasTheHeaderAndATextNikColumn() throws Exception {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(TemplateWorkbook.bytes()))) {
            Sheet sheet = wb.getSheetAt(0);
            Row head = sheet.getRow(0);
            assertThat(head.getCell(0).getStringCellValue()).isEqualTo("NIK");
            assertThat(head.getCell(1).getStringCellValue()).isEqualTo("NAMA");
            assertThat(head.getCell(2).getStringCellValue()).isEqualTo("TGL_LAHIR");
            assertThat(head.getCell(3).getStringCellValue()).isEqualTo("JENIS_KELAMIN");
            Cell nik = sheet.getRow(1).getCell(0);
            assertThat(nik.getCellStyle().getDataFormatString()).isEqualTo("@");
            assertThat(sheet.getColumnStyle(0).getDataFormatString()).isEqualTo("@");
            assertThat(sheet.getRow(1).getCell(8).getCellStyle().getDataFormatString()).as("NO_HP").isEqualTo("@");
            assertThat(wb.getSheetAt(1).getRow(1).getCell(0).getStringCellValue()).isEqualTo("NIK");
        }
    }

    /** Built once per process: the same bytes every time, a copy each caller may keep, a stable strong ETag. */
    @Test
    void theTemplateIsBuiltOnceWithAnETag() {
        byte[] first = TemplateWorkbook.bytes();
        first[0] = 0;
        assertThat(TemplateWorkbook.bytes()).isEqualTo(TemplateWorkbook.bytes()).isNotEqualTo(first);
        assertThat(TemplateWorkbook.etag()).matches("\"[0-9a-f]{32}\"").isEqualTo(TemplateWorkbook.etag());
    }

    @Test
    void originMustNameTheHostTheRequestWentTo() {
        assertThat(PortalAuth.sameHost("http://127.0.0.1:8081", "127.0.0.1:8081")).isTrue();
        assertThat(PortalAuth.sameHost("https://portal.example.go.id", "portal.example.go.id")).isTrue();
        assertThat(PortalAuth.sameHost("http://127.0.0.1:9999", "127.0.0.1:8081")).isFalse();
        assertThat(PortalAuth.sameHost("https://evil.example", "portal.example.go.id")).isFalse();
        assertThat(PortalAuth.sameHost("https://portal.example.go.id", null)).isFalse();
    }

    private static String agency(String id, String portalFields) {
        return "agencies:\n  - id: " + id + "\n    name: " + id + "\n    host: sftp.example\n    user: " + id
                + "\n    password_env: PW\n    strict_host_key_checking: false\n    region_code: 9671\n    "
                + portalFields;
    }
}
