package id.jamsos.gateway.report;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.config.ReportSettings;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowOutcome;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;

/**
 * A decided file in a private in-memory H2 ledger, and a ReportWriter on it, for the report tests:
 * row 1 enrolled (a Kota Sorong NIK above 2^53, a KPJ with a leading zero, an accented name, a phone
 * warning), row 2 rejected, row 3 parked with BPJS's technical answer, row 4 refused by BPJS; the file
 * read as Windows-1252 with an unknown column.
 */
public final class ReportFixture implements AutoCloseable {

    public static final String NIK = "9671102804958883";
    public static final String KPJ = "02401234567";
    public static final String NAME = "José Müller";
    public static final String PHONE_WARNING = "NO_HP tidak dikenali sebagai nomor HP Indonesia dan diabaikan"
            + " / NO_HP is not a recognisable Indonesian mobile number and was left out";
    public static final String ENCODING_WARNING = "Berkas bukan UTF-8; dibaca sebagai Windows-1252 (periksa huruf"
            + " beraksen) / The file is not UTF-8; read as Windows-1252 (check accented letters)";
    public static final String COLUMN_WARNING = "Kolom tidak dikenal diabaikan: CATATAN / Unknown columns ignored: CATATAN";
    public static final String TECHNICAL = "HTTP 400, metaData 400 Bad Request";

    public final HikariDataSource dataSource;
    public final Ledger ledger;
    public final long fileId;
    private final Path workDir;

    public ReportFixture(Path workDir) {
        this.workDir = workDir;
        this.dataSource = LedgerDataSource.create(LedgerDataSource.h2MemUrl("reports-" + UUID.randomUUID()), "sa", "", 4);
        LedgerMigrations.migrate(dataSource);
        this.ledger = new Ledger(dataSource);
        this.fileId = ledger.registerFile("dinsos", "pekerja.csv", "a".repeat(64), Instant.parse("2026-03-01T00:00:00Z"))
                .fileId();
        ledger.insertRows(fileId, List.of(
                new LedgerRow(fileId, 1, NIK, NAME, RowState.PENDING, List.of(), "k1", null, null, 1_500_000L,
                        LocalDate.of(1990, 5, 12)),
                new LedgerRow(fileId, 2, "96711028049588", "Yosina Mambrasar", RowState.REJECTED,
                        List.of(new RowRejection("NIK", "NIK_LENGTH", "NIK harus 16 digit", "NIK must be 16 digits")),
                        null, null, null),
                new LedgerRow(fileId, 3, "9671102804958891", "Markus Wanma", RowState.PENDING, List.of(), "k3", null,
                        null, 1_500_000L, LocalDate.of(1985, 1, 2)),
                new LedgerRow(fileId, 4, "9671102804958905", "Ruth Kambu", RowState.PENDING, List.of(), "k4", null,
                        null, 1_500_000L, LocalDate.of(1979, 7, 30))));
        ledger.reports().recordRowWarnings(fileId, Map.of(1, List.of(PHONE_WARNING)));
        ledger.reports().recordFileWarnings(fileId, List.of(ENCODING_WARNING, COLUMN_WARNING));
        ledger.completeIntake(fileId, 4, 1);
        ledger.recordOutcomes(List.of(
                new RowOutcome(fileId, 1, RowState.ENROLLED, KPJ, null, "dinsos", "Sorong Timur"),
                new RowOutcome(fileId, 3, RowState.PARKED, null, TECHNICAL, "dinsos", "Sorong Timur"),
                new RowOutcome(fileId, 4, RowState.REFUSED, null, "BPJS E07: NIK tidak ditemukan di Dukcapil",
                        "dinsos", "Sorong Timur")));
        if (!ledger.tryStartReporting(fileId)) {
            throw new IllegalStateException("the fixture's file is not decided");
        }
    }

    public ReportWriter writer(ReportSettings settings) {
        return new ReportWriter(ledger, workDir, agencyId -> "outbox", agencyId -> settings);
    }

    /** One round of reports, as routes/reports.camel.yaml calls them: each report's name and file (or text). */
    public static final class Round {
        public final Map<String, Object> properties = new HashMap<>();
        public final Map<String, Object> written = new java.util.LinkedHashMap<>();
    }

    public Round round(ReportWriter writer) throws IOException {
        Round r = new Round();
        keep(r, writer.results(fileId, headers(), r.properties));
        keep(r, writer.rejects(fileId, headers(), r.properties));
        keep(r, writer.workbook(fileId, headers(), r.properties));
        keep(r, writer.changesNote(fileId, headers(), r.properties));
        return r;
    }

    private Map<String, Object> last;

    private Map<String, Object> headers() {
        last = new HashMap<>();
        last.put(Headers.REPORTS_DUE, fileId);
        return last;
    }

    private void keep(Round r, Object body) {
        if (body != null) {
            r.written.put((String) last.get(Exchange.FILE_NAME), body instanceof File f ? f.toPath() : body);
        }
    }

    /** The parked row sent again and enrolled this time, as a replay does; the file decided again. */
    public void replayParkedRowEnrolled() {
        if (ledger.resetParkedToPending(fileId) != 1) {
            throw new IllegalStateException("row 3 was not parked");
        }
        ledger.recordOutcomes(List.of(new RowOutcome(fileId, 3, RowState.ENROLLED, "02409999999", null, "dinsos",
                "Sorong Timur")));
        if (!ledger.tryStartReporting(fileId)) {
            throw new IllegalStateException("the replayed file is not decided");
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
