package id.jamsos.gateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import id.jamsos.gateway.bpjs.EnrollmentRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The lapse rule and the months paid, on the books directly, without HTTP. */
class BillingTest {

    private static final String REGION = "9671";
    private static final String NIK = "9271014507900001";

    private SimulatorCalendar calendar;
    private MembershipRegistry registry;
    private InvoiceBook invoices;
    private Billing billing;

    @BeforeEach
    void books() {
        calendar = new SimulatorCalendar(Clock.fixed(LocalDate.of(2025, 3, 10).atTime(1, 0).toInstant(ZoneOffset.UTC),
                ZoneOffset.UTC));
        registry = new MembershipRegistry(calendar, new SimulatorStats(), 7L);
        invoices = new InvoiceBook();
        billing = new Billing(registry, invoices, calendar);
    }

    private void on(int year, int month, int day) {
        calendar.setNow(LocalDate.of(year, month, day).atTime(10, 0).atZone(SimulatorCalendar.ZONE).toInstant());
        billing.catchUp();
    }

    private String enroll(String refId, String nik) {
        return registry.enroll(new EnrollmentRequest(refId, nik, "Budi", "1980-01-01", "L", null, null, null, null,
                null, null, 1_000_000L, null, REGION)).kpj();
    }

    @Test
    void dueDateIsTheFifteenthOfTheNextMonthAndPastDueTheDayAfter() {
        assertThat(InvoiceBook.dueDate(YearMonth.of(2025, 12))).isEqualTo(LocalDate.of(2026, 1, 15));
        assertThat(Billing.lastDueMonth(LocalDate.of(2025, 7, 15))).isEqualTo(YearMonth.of(2025, 5));
        assertThat(Billing.lastDueMonth(LocalDate.of(2025, 7, 16))).isEqualTo(YearMonth.of(2025, 6));
        assertThat(Billing.lastDueMonth(LocalDate.of(2025, 1, 1))).isEqualTo(YearMonth.of(2024, 11));
    }

    @Test
    void aMemberBackAfterALapseLapsesAgainAfterThreeMoreUnpaidMonths() {
        String kpj = enroll("r-1", NIK);
        billing.markPaid(REGION, YearMonth.of(2025, 3));
        on(2025, 7, 16);
        assertThat(registry.byKpj(kpj).orElseThrow().current().last()).isEqualTo(YearMonth.of(2025, 3));

        on(2025, 8, 5);
        assertThat(enroll("r-2", NIK)).as("same KPJ").isEqualTo(kpj);
        billing.markPaid(REGION, YearMonth.of(2025, 8));
        // Years later, judged at once: August paid, then September, October, November unpaid.
        on(2031, 1, 1);
        MembershipRegistry.Member m = registry.byKpj(kpj).orElseThrow();
        assertThat(m.spans()).hasSize(2);
        assertThat(m.current().first()).isEqualTo(YearMonth.of(2025, 8));
        assertThat(m.current().last()).isEqualTo(YearMonth.of(2025, 8));
        assertThat(m.current().alasan()).isEqualTo("LAPSED");
        Billing.MemberStatus status = billing.status(kpj, YearMonth.of(2031, 1));
        assertThat(status.status()).isEqualTo("NONAKTIF");
        assertThat(status.bulanDibayar()).isEqualTo(2);
        assertThat(status.tunggakanBulan()).isZero();
        assertThat(billing.status(kpj, YearMonth.of(2025, 8)).status()).isEqualTo("AKTIF");
        assertThat(billing.status(kpj, YearMonth.of(2025, 5)).status()).as("between the two covers").isEqualTo("NONAKTIF");
        assertThat(invoices.invoice(YearMonth.of(2025, 9), REGION, registry.members()).jumlahPeserta()).isZero();
    }

    @Test
    void aMonthPaidBeforeItsInvoiceGrewIsUnpaidAgainUntilTheRestIsPaid() {
        enroll("r-1", NIK);
        billing.pay("p-1", YearMonth.of(2025, 3), REGION, 16_800L);
        enroll("r-2", "9671021203850002");
        Billing.Payment more = (Billing.Payment) billing.pay("p-2", YearMonth.of(2025, 3), REGION, 1_000L).response();
        assertThat(more.dibayar()).isEqualTo(17_800L);
        assertThat(more.sisa()).isEqualTo(2 * 16_800L - 17_800L);
        assertThat(billing.paidMonths()).doesNotContainKey(REGION);
        billing.markPaid(REGION, YearMonth.of(2025, 3));
        assertThat(billing.paidMonths().get(REGION)).containsExactly("2025-03");
    }

    @Test
    void aMemberAnotherPayerTookOverLeavesTheRegionsInvoiceFromThatMonthAndNeverLapsesWithIt() {
        String kpj = enroll("r-1", NIK);
        String other = enroll("r-2", "9271014507900002");
        // From June an employer pays for the first; the region pays March only, so it lapses in July.
        registry.changePayer(kpj, new MembershipRegistry.PayerSpell(YearMonth.of(2025, 6), "PEMBERI_KERJA", "NPP-1",
                "PT Sorong Jaya"));
        assertThat(invoices.invoice(YearMonth.of(2025, 5), REGION, registry.members()).jumlahPeserta()).isEqualTo(2);
        assertThat(invoices.invoice(YearMonth.of(2025, 6), REGION, registry.members()).peserta())
                .extracting(id.jamsos.gateway.bpjs.Invoice.Line::kpj).containsExactly(other);
        Billing.MemberStatus june = billing.status(kpj, YearMonth.of(2025, 6));
        assertThat(june.pembayar().jenis()).isEqualTo("PEMBERI_KERJA");
        assertThat(june.pembayar().sejak()).isEqualTo("2025-06");
        assertThat(june.pembayar().isRegion(REGION)).isFalse();
        assertThat(billing.status(kpj, YearMonth.of(2025, 5)).pembayar().isRegion(REGION)).isTrue();
        billing.markPaid(REGION, YearMonth.of(2025, 3));
        on(2025, 7, 16);
        // April to June unpaid: the region's cohort lapses, but not a member the employer pays by June.
        assertThat(registry.byKpj(other).orElseThrow().current().last()).isEqualTo(YearMonth.of(2025, 3));
        assertThat(registry.byKpj(kpj).orElseThrow().current().last()).as("paid by the employer: still covered")
                .isNull();
        assertThat(registry.byKpj(kpj).orElseThrow().toMembership(YearMonth.of(2025, 7)).pembayar().nama())
                .isEqualTo("PT Sorong Jaya");
    }

    @Test
    void aMemberAddedAsSelfPayingIsBilledToNoRegion() {
        String kpj = registry.addMember("9271014507900003", "Sari", null, "P", new MembershipRegistry.PayerSpell(
                YearMonth.of(2025, 1), "MANDIRI", null, null));
        assertThat(invoices.invoice(YearMonth.of(2025, 3), REGION, registry.members()).jumlahPeserta()).isZero();
        assertThat(registry.member("9271014507900003").orElseThrow().toMembership(YearMonth.of(2025, 3)))
                .satisfies(m -> assertThat(m.status()).isEqualTo("AKTIF"))
                .satisfies(m -> assertThat(m.pembayar().kind()).isEqualTo("MANDIRI"))
                .satisfies(m -> assertThat(m.kpj()).isEqualTo(kpj));
        // The city's enrollment of the same NIK is "already registered", with that KPJ.
        assertThat(registry.enroll(new EnrollmentRequest("r-9", "9271014507900003", "Sari", "1990-07-05", "P", null,
                null, null, null, null, null, 1_000_000L, null, REGION))).satisfies(r -> {
                    assertThat(r.code()).isEqualTo("208");
                    assertThat(r.kpj()).isEqualTo(kpj);
                });
    }
}
