package id.jamsos.gateway.finance;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.bpjs.BpjsCallException;
import id.jamsos.gateway.bpjs.EnvelopeReader;
import id.jamsos.gateway.bpjs.Invoice;
import id.jamsos.gateway.bpjs.MetaData;
import id.jamsos.gateway.ledger.InvoiceLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Reads the answer of the endpoint's monthly invoice, GET /bpjstk/v1/tagihan?periode=yyyy-MM&kodeWilayah=
 * (docs/bpjs-api.md), as the bpjs-invoice route of routes/statements.camel.yaml brought it back: as a
 * stream, with Jackson's {@link JsonParser}, one line at a time. An invoice of 1,000,000 lines is a
 * 110 MB answer and, read whole, ~350 MB of heap; read this way the process holds one line and a
 * batch of 500 lines on their way to the ledger.
 *
 * <p>In the gateway the lines go to the ledger ({@link InvoiceLedger#replace}: the month's earlier copy
 * replaced in one transaction, kept as it was when the answer cannot be read to its end), and the
 * invoice handed on is its header alone ({@code peserta} null): the statement reads the lines back from
 * the ledger in KPJ order. Made without a ledger (tests, a small invoice), the lines are held in the
 * returned invoice's list instead.
 *
 * <p>As strict as {@link EnvelopeReader}: a key sent twice is refused anywhere in the answer, and an
 * answer that is not HTTP 200 with metaData 200 and a {@code response} is a {@link BpjsCallException},
 * whichever order {@code metaData} and {@code response} come in (a metaData after a million lines
 * still rolls them back).
 */
public final class InvoiceAnswer {

    private static final String CALL = "GET /bpjstk/v1/tagihan";

    private final ObjectMapper json;
    private final EnvelopeReader<Invoice> whole;
    private final ObjectReader lineReader;
    private final ObjectReader metaReader;
    private final ObjectReader longReader;
    private final ObjectReader intReader;
    private final InvoiceLedger ledger;
    private final Clock clock;

    /** Lines held in the returned invoice: for tests and small invoices, not for the gateway. */
    public InvoiceAnswer(ObjectMapper json) {
        this(json, null, Clock.systemUTC());
    }

    /** Lines written to {@code ledger} while they are read (the gateway). */
    public InvoiceAnswer(ObjectMapper json, InvoiceLedger ledger, Clock clock) {
        this.json = Objects.requireNonNull(json, "json");
        this.whole = new EnvelopeReader<>(CALL, json, new TypeReference<>() {
        });
        this.lineReader = json.readerFor(Invoice.Line.class);
        this.metaReader = json.readerFor(MetaData.class);
        this.longReader = json.readerFor(Long.class);
        this.intReader = json.readerFor(Integer.class);
        this.ledger = ledger;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The invoice of the month asked for; a failed or unusable answer is a {@link BpjsCallException}
     * (and with a ledger, the month's earlier copy stays).
     *
     * @param answer the HTTP body as a stream (Camel converts a byte[] or String body too)
     * @param asked  the month asked for, yyyy-MM: the lines are stored under it
     */
    public Invoice read(@Body InputStream answer, @Header(Exchange.HTTP_RESPONSE_CODE) int status,
                        @ExchangeProperty(Headers.INVOICE_ASKED) String asked) {
        if (status != 200 || answer == null) {
            // Not an invoice: the envelope read whole (an error answer is short) throws with its metaData.
            whole.response(answer == null ? null : bytes(answer, status), status);
            throw new BpjsCallException(CALL + ": HTTP " + status + " with no invoice", null);
        }
        if (ledger == null) {
            List<Invoice.Line> lines = new ArrayList<>();
            Invoice head = parse(answer, status, asked, lines::add);
            return new Invoice(head.periode(), head.kodeWilayah(), head.jumlahPeserta(), head.totalIuranJkk(),
                    head.totalIuranJkm(), head.totalIuran(), lines, head.nomorTagihan(), head.jatuhTempo());
        }
        YearMonth month = month(asked);
        return ledger.replace(month, clock.instant(), lines -> parse(answer, status, asked, lines));
    }

    private static YearMonth month(String asked) {
        if (asked == null) {
            throw new IllegalStateException("the month asked for (" + Headers.INVOICE_ASKED + ") is not set");
        }
        try {
            return YearMonth.parse(asked);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("the month asked for is no yyyy-MM: " + asked, e);
        }
    }

    private static byte[] bytes(InputStream in, int status) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new BpjsCallException(CALL + ": HTTP " + status + ", the answer could not be read", e);
        }
    }

    /** The envelope read token by token; each line handed to {@code lines}; the header returned. */
    private Invoice parse(InputStream in, int status, String asked, Consumer<Invoice.Line> lines) {
        MetaData meta = null;
        Invoice head = null;
        try (JsonParser p = json.getFactory().createParser(in)) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BpjsCallException(CALL + ": HTTP " + status + " with no readable envelope", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("metaData".equals(name)) {
                    meta = value == JsonToken.VALUE_NULL ? null : metaReader.readValue(p);
                } else if ("response".equals(name)) {
                    head = value == JsonToken.VALUE_NULL ? null : response(p, status, lines);
                } else {
                    p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new BpjsCallException(CALL + ": HTTP " + status + " with no readable envelope", null);
            }
        } catch (IOException e) {
            throw new BpjsCallException(CALL + ": HTTP " + status + " with no readable envelope"
                    + EnvelopeReader.repeatedKey(e), e);
        } catch (UncheckedIOException e) {
            throw new BpjsCallException(CALL + ": HTTP " + status + " with no readable envelope"
                    + EnvelopeReader.repeatedKey(e.getCause()), e.getCause());
        }
        if (meta == null || !meta.isOk() || head == null) {
            throw new BpjsCallException(CALL + ": HTTP " + status + ", metaData " + (meta == null ? "?" : meta.code())
                    + " " + (meta == null || meta.message() == null ? "" : meta.message()), null);
        }
        if (asked != null && head.periode() != null && !head.periode().equals(asked)) {
            throw new BpjsCallException(CALL + ": BPJS answered the invoice of " + head.periode() + " when asked for "
                    + asked, null);
        }
        return head;
    }

    /** The {@code response} object, the parser on its START_OBJECT; lines handed on as they come. */
    private Invoice response(JsonParser p, int status, Consumer<Invoice.Line> lines) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new BpjsCallException(CALL + ": HTTP " + status + ", the response is no invoice", null);
        }
        String periode = null;
        String kodeWilayah = null;
        String nomorTagihan = null;
        String jatuhTempo = null;
        Integer jumlahPeserta = null;
        Long jkk = null;
        Long jkm = null;
        Long total = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "periode" -> periode = text(p, value);
                case "kodeWilayah" -> kodeWilayah = text(p, value);
                case "nomorTagihan" -> nomorTagihan = text(p, value);
                case "jatuhTempo" -> jatuhTempo = text(p, value);
                case "jumlahPeserta" -> jumlahPeserta = intReader.readValue(p);
                case "totalIuranJkk" -> jkk = longReader.readValue(p);
                case "totalIuranJkm" -> jkm = longReader.readValue(p);
                case "totalIuran" -> total = longReader.readValue(p);
                case "peserta" -> peserta(p, value, status, lines);
                default -> p.skipChildren();
            }
        }
        return new Invoice(periode, kodeWilayah, jumlahPeserta == null ? 0 : jumlahPeserta, jkk == null ? 0 : jkk,
                jkm == null ? 0 : jkm, total == null ? 0 : total, null, nomorTagihan, jatuhTempo);
    }

    private void peserta(JsonParser p, JsonToken value, int status, Consumer<Invoice.Line> lines) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new BpjsCallException(CALL + ": HTTP " + status + ", peserta is no list of lines", null);
        }
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            n++;
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw new BpjsCallException(CALL + ": HTTP " + status + ", line " + n + " of peserta is no line", null);
            }
            lines.accept(lineReader.readValue(p));
        }
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!value.isScalarValue()) {
            throw new IOException("a text was expected at " + p.currentName());
        }
        return p.getValueAsString();
    }
}
