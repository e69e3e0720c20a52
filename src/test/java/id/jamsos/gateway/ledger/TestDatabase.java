package id.jamsos.gateway.ledger;

import java.util.List;
import javax.sql.DataSource;

/** A migrated-or-not ledger database that a test class owns alone and drops when closed. */
interface TestDatabase extends AutoCloseable {

    /** Ledger tables, children before parents. */
    List<String> LEDGER_TABLES = List.of("ledger_task", "worker_change", "coverage_period", "worker", "file_row",
            "file_warning", "report_archive", "report_version", "agency_file", "claim", "processed_key", "budget_topup", "programme_renewal", "budget_commitment", "portal_upload",
            "audit_entry", "audit_head", "registry_usage",
            "eligibility_entry", "eligibility_list", "other_payer",
            "notification", "worker_contact");

    DataSource dataSource();

    /** Removes every ledger row, so that each test starts from empty tables. */
    void emptyLedgerTables();

    @Override
    void close();
}
