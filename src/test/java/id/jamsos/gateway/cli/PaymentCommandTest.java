package id.jamsos.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.PersonalDataKeys;
import id.jamsos.gateway.ledger.LedgerDataSource;
import id.jamsos.gateway.support.MutableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The payment and arrears commands on an H2 ledger: a payment recorded, the same again reported as
 * recorded before (exit 0), the same SP2D with another amount refused (exit 1), an unknown source and a
 * bad date refused as options (exit 2); the list and the account, in text (both languages) and JSON.
 */
class PaymentCommandTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-20T00:00:00Z"));
    private final GatewayProperties props = properties();

    private static GatewayProperties properties() {
        Map<String, String> settings = new HashMap<>(PersonalDataKeys.random("k1"));
        settings.put("jamsos.ledger.url", LedgerDataSource.h2MemUrl("payment-command-" + UUID.randomUUID()));
        settings.put("jamsos.ledger.user", "sa");
        settings.put("jamsos.programme.firstMonth", "2026-04");
        return GatewayProperties.of(settings);
    }

    private int record(StringWriter out, StringWriter err, String reference, String amount, String source, String paidOn)
            throws Exception {
        return PaymentCommand.Record.run(props, reference, paidOn, "2026-04", amount, source, null, false,
                "command:test", clock, new PrintWriter(out), new PrintWriter(err));
    }

    @Test
    void aPaymentIsRecordedOnceAndOtherFiguresAreRefused() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(record(out, err, "SP2D-1", "50400", "APBD_KOTA", "2026-05-10")).isZero();
        assertThat(out.toString()).contains("Pembayaran dicatat / payment recorded: SP2D-1 APBD_KOTA Rp 50.400"
                + " untuk/for 2026-04, dibayar/paid 2026-05-10, rekening/account 5.1.02.01.001");
        assertThat(record(out, err, "SP2D-1", "50400", "APBD_KOTA", "2026-05-10")).isZero();
        assertThat(out.toString()).contains("payment already recorded, nothing changed: SP2D-1");
        assertThat(record(out, err, "SP2D-1", "50401", "APBD_KOTA", "2026-05-10")).isEqualTo(PaymentCommand.REFUSED);
        assertThat(err.toString()).contains("refused: reference SP2D-1 is recorded with other figures");
        assertThat(record(out, err, "SP2D-2", "100", "CSR", "2026-05-10")).isEqualTo(PaymentCommand.BAD_OPTION);
        assertThat(err.toString()).contains("unknown funding source: CSR");
        assertThat(record(out, err, "SP2D-3", "100", "APBD_KOTA", "10/05/2026")).isEqualTo(PaymentCommand.BAD_OPTION);

        StringWriter list = new StringWriter();
        assertThat(PaymentCommand.ListPayments.run(props, "2026-04", true, clock, new PrintWriter(list),
                new PrintWriter(err))).isZero();
        JsonNode payments = new ObjectMapper().readTree(list.toString()).get("payments");
        assertThat(payments).hasSize(1);
        assertThat(payments.get(0).get("amount").asLong()).isEqualTo(50_400L);
        assertThat(payments.get(0).get("recordedBy").asText()).isEqualTo("command:test");

        // No worker is covered: nothing is expected, nothing is in arrears; the paid April shows.
        StringWriter account = new StringWriter();
        assertThat(ArrearsCommand.run(props, false, clock, new PrintWriter(account))).isEqualTo(ArrearsCommand.NO_ARREARS);
        assertThat(account.toString()).contains("Tidak ada tunggakan / no arrears").contains("2026-04")
                .contains("50.400");
        StringWriter json = new StringWriter();
        ArrearsCommand.run(props, true, clock, new PrintWriter(json));
        JsonNode root = new ObjectMapper().readTree(json.toString());
        assertThat(root.get("monthsInArrears").asInt()).isZero();
        assertThat(root.get("months").get(0).get("paid").asLong()).isEqualTo(50_400L);
        assertThat(root.get("months")).hasSize(2);
    }
}
