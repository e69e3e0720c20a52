package id.jamsos.gateway.claims;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.Headers;
import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.bpjs.Envelope;
import id.jamsos.gateway.bpjs.RequestAuthenticator;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim callback's bean: BPJS tells the gateway a claim was paid; the gateway checks who is
 * calling and hands the claim to the {@link ClaimProcessor} it shares with the pull, which records
 * it once together with its message for finance (or review); the {@link ClaimOutbox} sends it.
 */
public final class ClaimCallback {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimCallback.class);
    private static final Pattern JSON_CONTENT_TYPE = Pattern.compile("application/json\\s*(;.*)?");

    private final RequestAuthenticator authenticator;
    private final ClaimProcessor processor;
    private final ObjectMapper json;
    private final int maxBodyBytes;
    private final CallbackGate gate;
    private final SenderAllowList senders;

    /** Defaults for tests and tools: 64 KiB bodies, 8 claims at once, any sender. */
    public ClaimCallback(RequestAuthenticator authenticator, ClaimProcessor processor, ObjectMapper json) {
        this(authenticator, processor, json, DEFAULT_MAX_BODY_BYTES, new CallbackGate(8, 5_000),
                SenderAllowList.parse(""));
    }

    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public ClaimCallback(RequestAuthenticator authenticator, ClaimProcessor processor, ObjectMapper json,
                         int maxBodyBytes, CallbackGate gate, SenderAllowList senders) {
        this.authenticator = authenticator;
        this.processor = processor;
        this.json = ClaimJson.strict(json);
        this.maxBodyBytes = maxBodyBytes;
        this.gate = gate;
        this.senders = senders;
    }

    /**
     * Before anything else, the sender's address against {@code jamsos.callback.allowedSenders} (403).
     * Read from the connection itself, never from a message header: platform-http copies query
     * parameters into the headers, so a header could be set by the caller. Hence the {@link Exchange}.
     */
    public void checkSender(Exchange exchange) {
        if (senders.allowsEveryone()) {
            return;
        }
        InetAddress sender = remoteAddress(exchange);
        if (!senders.allows(sender)) {
            throw new CallbackRefusedException(403, "403", "Alamat pengirim tidak diizinkan / sender address not allowed ("
                    + (sender == null ? "unknown" : sender.getHostAddress()) + ")");
        }
    }

    private static InetAddress remoteAddress(Exchange exchange) {
        HttpMessage http = exchange.getMessage() instanceof HttpMessage m ? m
                : exchange.getIn() instanceof HttpMessage in ? in : null;
        if (http == null || http.getRequest().remoteAddress() == null) {
            return null;
        }
        String host = http.getRequest().remoteAddress().hostAddress();
        try {
            // An IP literal: no name lookup happens.
            return host == null ? null : InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * The cheap checks, all before any parsing or ledger work: JSON content type (415), body size
     * (413), then who is calling (401/403), stale timestamps (419) and replays (409). Takes the
     * {@link Exchange} for its message: the authenticator asks for the signature headers by name,
     * converted as Camel converts a header, and an empty body must not fail the binding.
     */
    public void verify(Exchange exchange) {
        Message in = exchange.getMessage();
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (contentType == null || !JSON_CONTENT_TYPE.matcher(contentType.trim().toLowerCase(Locale.ROOT)).matches()) {
            throw new CallbackRefusedException(415, "415",
                    "Content-Type harus application/json / Content-Type must be application/json");
        }
        Long declared = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        byte[] body = in.getBody(byte[].class);
        if ((declared != null && declared > maxBodyBytes) || (body != null && body.length > maxBodyBytes)) {
            throw new CallbackRefusedException(413, "413", "Isi permintaan melebihi " + maxBodyBytes
                    + " byte / request body exceeds " + maxBodyBytes + " bytes");
        }
        // The body is part of the replay key: BPJS signs every claim of one second alike.
        RequestAuthenticator.Verdict verdict = authenticator.verify(name -> in.getHeader(name, String.class), body);
        if (!verdict.ok()) {
            throw new CallbackRefusedException(401, verdict.code(), verdict.message());
        }
    }

    /**
     * Takes one of the bounded permits for the expensive part; released when the exchange ends,
     * whatever the outcome. No permit in time: 503, and BPJS calls again later. Takes the
     * {@link Exchange} to register the release on its completion.
     */
    public void admit(Exchange exchange) {
        if (!gate.enter()) {
            throw new CallbackRefusedException(503, "503",
                    "Gateway sibuk; coba lagi nanti / gateway busy; try again later");
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                gate.leave();
            }
        });
    }

    /**
     * Parses the claim and hands it to the processor. Only a claim that cannot be read at all is
     * refused (400); one that breaks a business rule is accepted and goes to review, as it would
     * had the pull seen it first. Takes the {@link Exchange} for {@link ClaimProcessor#prepare}, which
     * the pull shares and which leaves the claim and its outcome on it.
     */
    public void receive(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        ClaimNotice claim = parse(body);
        processor.prepare(exchange, claim, body, ClaimProcessor.SOURCE_CALLBACK);
    }

    /**
     * Once the claim is in the ledger with its message: answer BPJS. The outbox publishes every
     * recorded claim, so a claim recorded before (by this call's earlier try, the pull or another
     * process) is acknowledged as DUPLICATE whether or not it has gone yet: calling again would not
     * make it go sooner.
     */
    public String acknowledge(@ExchangeProperty(Headers.CLAIM) ClaimNotice claim,
                              @ExchangeProperty(Headers.CLAIM_OUTCOME) ClaimProcessor.Outcome outcome,
                              @org.apache.camel.Headers Map<String, Object> headers) throws JsonProcessingException {
        // CONFLICT: the claim id was known with other content; this version went to review.
        String status = switch (outcome) {
            case RECORDED -> "RECEIVED";
            case DUPLICATE -> "DUPLICATE";
            case CONFLICT -> "CONFLICT";
        };
        answer(headers, 200);
        return json.writeValueAsString(Envelope.ok(Map.of("claimId", claim.claimId(), "status", status)));
    }

    /** The HTTP answer's headers, and no other: none of the request's goes back to BPJS. */
    private static void answer(Map<String, Object> headers, int status) {
        headers.clear();
        headers.put(Exchange.HTTP_RESPONSE_CODE, status);
        headers.put(Exchange.CONTENT_TYPE, "application/json");
    }

    /** The answer to a refused or failed callback, always in the envelope BPJS reads. */
    public String refuse(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error,
                         @org.apache.camel.Headers Map<String, Object> headers) throws JsonProcessingException {
        int status = 500;
        String code = "500";
        String message = "Kesalahan internal; coba lagi nanti / internal error; try again later";
        if (error instanceof CallbackRefusedException r) {
            status = r.httpStatus();
            code = r.code();
            message = r.getMessage();
            LOG.warn("claim callback refused: HTTP {} code {}: {}", status, code, message);
        } else {
            // Nothing was recorded (the ledger write is the last step): BPJS calls again on a 5xx.
            LOG.error("claim callback failed", error);
        }
        answer(headers, status);
        return json.writeValueAsString(Envelope.error(code, message));
    }

    ClaimNotice parse(String body) {
        if (body == null || body.isBlank()) {
            throw new CallbackRefusedException(400, "400", "Isi permintaan kosong / empty request body");
        }
        ClaimNotice claim;
        try {
            claim = json.readValue(body, ClaimNotice.class);
        } catch (JsonProcessingException e) {
            // Jackson quotes the offending value, which may be a NIK; cut and masked.
            // Control characters escaped too: the quoted token may carry a forged log line.
            String why = ClaimShape.forLog(String.valueOf(e.getOriginalMessage()));
            throw new CallbackRefusedException(400, "400",
                    "JSON tidak valid / invalid JSON: " + (why.length() > 200 ? why.substring(0, 200) : why));
        }
        if (claim == null) {
            throw new CallbackRefusedException(400, "400", "JSON tidak valid / invalid JSON: null");
        }
        // Every malformed field is a 400 BPJS can act on, never a 500 it retries forever. The words
        // name the field, never its value (which may be a NIK or a forged log line).
        List<String> problems = ClaimShape.problems(claim);
        if (!problems.isEmpty()) {
            throw new CallbackRefusedException(400, "400", "Klaim tidak valid / invalid claim: "
                    + String.join("; ", problems));
        }
        return claim;
    }
}
