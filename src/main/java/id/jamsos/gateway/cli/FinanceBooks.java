package id.jamsos.gateway.cli;

import com.zaxxer.hikari.HikariDataSource;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.finance.PaymentDesk;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ledger.FinanceLedger;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.ledger.LedgerMigrations;
import id.jamsos.gateway.ledger.PaymentLedger;
import java.time.Clock;
import java.time.ZoneId;

/**
 * The ledger's invoices and payments as the {@code payment} and {@code arrears} commands open them: the
 * ledger alone (no broker, no BPJS), migrated as {@code run} would, and the programme and due day of
 * the configuration. Close it after use.
 */
final class FinanceBooks implements AutoCloseable {

    private final HikariDataSource dataSource;
    private final PaymentDesk desk;

    private FinanceBooks(HikariDataSource dataSource, PaymentDesk desk) {
        this.dataSource = dataSource;
        this.desk = desk;
    }

    static FinanceBooks open(GatewayProperties props, Clock clock) {
        Programme programme = Programme.from(k -> props.get(k, ""));
        HikariDataSource ds = LedgerDataSource.create(props.get("jamsos.ledger.url"),
                props.get("jamsos.ledger.user", ""), props.get("jamsos.ledger.password", ""), 2);
        try {
            LedgerMigrations.migrate(ds);
            // Counting covered workers reads no personal data, but the finance ledger is made with the keys.
            FinanceLedger finance = new FinanceLedger(ds, PersonalDataKeys.cipher(props));
            PaymentDesk desk = new PaymentDesk(new PaymentLedger(ds), finance, programme, props.get("jamsos.regionCode"),
                    props.getLong("jamsos.defaultIncome"), props.getInt("jamsos.finance.paymentDueDay"),
                    ZoneId.of(props.get("jamsos.finance.zone")), clock);
            return new FinanceBooks(ds, desk);
        } catch (RuntimeException | Error e) {
            ds.close();
            throw e;
        }
    }

    PaymentDesk desk() {
        return desk;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
