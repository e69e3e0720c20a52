package id.jamsos.gateway.changes;

import com.fasterxml.jackson.annotation.JsonInclude;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.enrollment.PermanentDeliveryException;
import id.jamsos.gateway.ledger.EndReason;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * The BPJS requests of a change row (docs/bpjs-api.md): a deactivation for BERHENTI, a data update for
 * KOREKSI. Both carry the row's idempotency key as refId, so a retry after a timeout, a redelivered job
 * or a replay gets BPJS's first answer again and changes the member once.
 */
public final class ChangeRequests {

    /** POST /bpjstk/v1/peserta/nonaktif. */
    public record Deactivation(String refId, String kpj, String alasan, String bulanTerakhir) {
    }

    /** PUT /bpjstk/v1/peserta/{kpj}: only the fields present change; the NIK never does. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Update(String refId, String nama, String tglLahir, Long penghasilan, String noHp) {
    }

    /** The row the route's loop is at. */
    public ChangeItem item(@ExchangeProperty(Headers.JOB) ChangeJob job,
                           @ExchangeProperty(Exchange.LOOP_INDEX) int index) {
        return job.items().get(index);
    }

    /**
     * BERHENTI. A reason or month BPJS could not take is a fault of the job, not of BPJS: the row is
     * parked at once rather than sent.
     */
    public Deactivation deactivation(@ExchangeProperty(Headers.CHANGE_ITEM) ChangeItem item) {
        try {
            EndReason reason = EndReason.valueOf(String.valueOf(item.reason()));
            return new Deactivation(item.idempotencyKey(), item.kpj(), reason.name(),
                    YearMonth.parse(String.valueOf(item.lastMonth())).toString());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new PermanentDeliveryException("row " + item.rowNo() + ": BERHENTI without a known reason and a"
                    + " last month (yyyy-MM) in the job");
        }
    }

    /** KOREKSI: the corrected fields only. */
    public Update update(@ExchangeProperty(Headers.CHANGE_ITEM) ChangeItem item) {
        ChangeItem.Correction k = item.correction();
        if (k == null || !k.forBpjs()) {
            throw new PermanentDeliveryException("row " + item.rowNo() + ": KOREKSI without a corrected field in the job");
        }
        try {
            if (k.tglLahir() != null) {
                LocalDate.parse(k.tglLahir());
            }
        } catch (DateTimeParseException e) {
            throw new PermanentDeliveryException("row " + item.rowNo() + ": KOREKSI with a birth date that is not"
                    + " yyyy-MM-dd in the job");
        }
        try {
            // The income's first month is the ledger's, not BPJS's (its update call has no such field);
            // checked before the call so that a damaged job is not applied after BPJS took it.
            if (item.effectiveMonth() != null) {
                YearMonth.parse(item.effectiveMonth());
            }
        } catch (DateTimeParseException e) {
            throw new PermanentDeliveryException("row " + item.rowNo() + ": KOREKSI with an income month that is"
                    + " not yyyy-MM in the job");
        }
        return new Update(item.idempotencyKey(), k.nama(), k.tglLahir(), k.penghasilan(), k.noHp());
    }
}
