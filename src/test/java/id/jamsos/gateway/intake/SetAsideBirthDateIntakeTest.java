package id.jamsos.gateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.Json;
import id.jamsos.gateway.enrollment.EnrollmentJob;
import id.jamsos.gateway.enrollment.EnrollmentMapper;
import id.jamsos.gateway.ledger.CoverageLedger;
import id.jamsos.gateway.ledger.ExistingRows;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.LedgerRow;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.model.RowRejection;
import id.jamsos.gateway.validation.AgencyFileValidator;
import id.jamsos.gateway.validation.NikBirthDatePolicy;
import id.jamsos.gateway.validation.ValidationSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jamsos.validation.nikBirthDate=registry at intake: a row whose only problem is the NIK's birth date goes
 * to BPJS's queue with the reason set aside when the agency's rows are verified by the registry, and is
 * refused with that reason, as under refuse, when they are not.
 */
class SetAsideBirthDateIntakeTest {

    /** 12-05-1990, male, written with TGL_LAHIR 12-06-1990: only the month differs. */
    private static final String CSV = "NIK;NAMA;TGL_LAHIR;JENIS_KELAMIN;NO_HP;PENGHASILAN\n"
            + "9271011205900001;Agustinus Kambu;12/06/1990;L;;\n";

    @TempDir
    Path dir;

    private final HikariDataSource dataSource = LedgerDataSource.create(
            LedgerDataSource.h2MemUrl("set-aside-" + UUID.randomUUID()), "sa", "", 2);
    private final Ledger ledger;

    SetAsideBirthDateIntakeTest() {
        LedgerMigrations.migrate(dataSource);
        ledger = new Ledger(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void aVerifiedAgencysRowGoesOnWithTheReasonSetAside() throws Exception {
        Intake in = intake("verified.csv", true);

        assertThat(in.jobs).singleElement().satisfies(job -> assertThat(job.items()).singleElement()
                .extracting(EnrollmentJob.Item::registryMayLift).extracting(RowRejection::code)
                .isEqualTo("NIK_BIRTHDATE_MISMATCH"));
        assertThat(in.rows).singleElement().extracting(LedgerRow::state).isEqualTo(RowState.PENDING);
    }

    @Test
    void anUnverifiedAgencysRowIsRefusedWithTheReasonAsUnderRefuse() throws Exception {
        Intake in = intake("unverified.csv", false);

        assertThat(in.jobs).isEmpty();
        assertThat(in.rows).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(RowState.REJECTED);
            assertThat(r.reasons()).extracting(RowRejection::code).containsExactly("NIK_BIRTHDATE_MISMATCH");
        });
    }

    private record Intake(List<EnrollmentJob> jobs, List<LedgerRow> rows) {
    }

    private Intake intake(String name, boolean verified) throws Exception {
        Path file = Files.writeString(dir.resolve(name), CSV);
        AgencyFileValidator validator = new AgencyFileValidator(ValidationSettings.defaults()
                .withNikBirthDate(NikBirthDatePolicy.REGISTRY));
        long fileId = ledger.registerFile("dinsos", name, (name + "x").repeat(64).substring(0, 64), Instant.now())
                .fileId();
        ChangeChecks changes = new ChangeChecks(ledger, new CoverageLedger(dataSource, Clock.systemUTC(),
                ZoneId.of("Asia/Jayapura")), agency -> true, Json.mapper());
        List<EnrollmentJob> jobs = new ArrayList<>();
        try (IntakeJobs it = new IntakeJobs(validator.open(file, name), ledger,
                new EnrollmentMapper(List.of("JKK", "JKM"), "9671"), changes, fileId, "dinsos", name, "c".repeat(64),
                YearMonth.now(), 100, ExistingRows.none(), RequestArchive.NONE).registryVerifies(verified)) {
            it.forEachRemaining(j -> jobs.add((EnrollmentJob) j));
        }
        List<LedgerRow> rows = new ArrayList<>();
        ledger.forEachRow(fileId, rows::add);
        return new Intake(jobs, rows);
    }
}
