package id.jamsos.gateway.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.ledger.NotificationLedger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WhatsApp Business webhook (routes/notifications.camel.yaml, route whatsapp-webhook), as Meta calls it:
 * <ul>
 *   <li>GET with {@code hub.mode=subscribe}, {@code hub.verify_token} and {@code hub.challenge}: the challenge
 *       back when the token is ours (jamsos.notify.whatsapp.verifyToken), 403 otherwise;</li>
 *   <li>POST with the events, signed {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body under the
 *       app secret>}: a call without a valid signature is refused (401) and changes nothing. Statuses (sent,
 *       delivered, read, failed) update the notification's state; a worker's message BERHENTI or STOP opts
 *       them out, MULAI or START opts them back in.</li>
 * </ul>
 * Logs carry message ids and counts, never a phone number or a message's text.
 */
public final class WhatsAppWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppWebhook.class);

    static final Set<String> STOP_WORDS = Set.of("BERHENTI", "STOP", "STOP PESAN", "UNSUBSCRIBE", "BATAL");
    static final Set<String> START_WORDS = Set.of("MULAI", "START", "LANJUT");

    private final NotificationLedger ledger;
    private final Clock clock;
    private final byte[] appSecret;
    private final String verifyToken;
    private final ObjectMapper json = new ObjectMapper();

    public WhatsAppWebhook(NotificationLedger ledger, String appSecret, String verifyToken) {
        this(ledger, appSecret, verifyToken, Clock.systemUTC());
    }

    public WhatsAppWebhook(NotificationLedger ledger, String appSecret, String verifyToken, Clock clock) {
        this.clock = clock;
        this.ledger = ledger;
        this.appSecret = appSecret.getBytes(StandardCharsets.UTF_8);
        this.verifyToken = verifyToken;
    }

    /**
     * Meta's subscription check. Takes the exchange: it answers with a status code of its own (403) as well as
     * a body, which a bean's return value alone cannot say.
     */
    public String challenge(Exchange exchange) {
        String mode = exchange.getMessage().getHeader("hub.mode", String.class);
        String token = exchange.getMessage().getHeader("hub.verify_token", String.class);
        String challenge = exchange.getMessage().getHeader("hub.challenge", String.class);
        if ("subscribe".equals(mode) && token != null && !verifyToken.isEmpty()
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), verifyToken.getBytes(StandardCharsets.UTF_8))
                && challenge != null) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            return challenge;
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 403);
        return "forbidden";
    }

    /**
     * The events of one call. Takes the exchange for the same reason as {@link #challenge}: 401 for a bad
     * signature, 200 otherwise (Meta retries a call that is not answered 200 for days: an event the ledger
     * cannot place is logged and acknowledged, not refused).
     */
    public String receive(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        String signature = exchange.getMessage().getHeader("X-Hub-Signature-256", String.class);
        if (body == null || !signed(body, signature)) {
            LOG.warn("WhatsApp webhook call refused: missing or wrong X-Hub-Signature-256");
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
            return "invalid signature";
        }
        int statuses = 0;
        int unknown = 0;
        int optOuts = 0;
        int optIns = 0;
        try {
            JsonNode root = json.readTree(body);
            for (JsonNode entry : root.path("entry")) {
                for (JsonNode change : entry.path("changes")) {
                    JsonNode value = change.path("value");
                    for (JsonNode s : value.path("statuses")) {
                        String error = null;
                        JsonNode errors = s.path("errors");
                        if (errors.isArray() && errors.size() > 0) {
                            error = errors.get(0).path("code").asText() + " " + errors.get(0).path("title").asText();
                        }
                        // One bad status (the ledger failing on it) does not fail the batch: Meta would
                        // send the whole call again, the good statuses with it.
                        boolean found;
                        try {
                            found = ledger.status(s.path("id").asText(), phone(s.path("recipient_id").asText(null)),
                                    s.path("status").asText(), error);
                        } catch (RuntimeException e) {
                            LOG.warn("WhatsApp webhook: a status could not be applied: {}",
                                    id.jamsos.gateway.nik.PhoneMask.scrub(e.getMessage()));
                            found = false;
                        }
                        statuses++;
                        if (!found) {
                            unknown++;
                        }
                    }
                    // In the order the worker wrote them (the provider's timestamp), not the order of the call;
                    // replies of the same second keep the call's order (a stable sort: message ids carry no
                    // order, s13 finding 7). The ledger also ignores a reply older than one applied before, so
                    // an old BERHENTI delivered late by a retried call cannot undo a newer MULAI.
                    List<JsonNode> replies = new ArrayList<>();
                    value.path("messages").forEach(replies::add);
                    replies.sort(Comparator.comparing((JsonNode m) -> sentAt(m)));
                    for (JsonNode m : replies) {
                        String from = phone(m.path("from").asText(null));
                        String text = m.path("text").path("body").asText("").strip().toUpperCase(Locale.ROOT);
                        if (from == null) {
                            continue;
                        }
                        String id = m.path("id").asText("reply");
                        if (STOP_WORDS.contains(text)) {
                            optOuts += ledger.optOutByReply(from, NotificationLedger.REPLY_SOURCE, sentAt(m), id);
                        } else if (START_WORDS.contains(text)) {
                            optIns += ledger.optInByReply(from, NotificationLedger.REPLY_SOURCE, sentAt(m), id);
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            LOG.warn("WhatsApp webhook call with a body that is not JSON: ignored");
        }
        if (statuses + optOuts + optIns > 0) {
            LOG.info("WhatsApp webhook: {} status(es) ({} not matched), {} opt-out(s), {} opt-in(s)", statuses, unknown,
                    optOuts, optIns);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        return "ok";
    }

    /** The signature Meta sends for {@code body}: {@code sha256=<hex>}. Public for the mock and the tests. */
    public static String signature(byte[] secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    private boolean signed(String body, String given) {
        if (given == null || appSecret.length == 0) {
            return false;
        }
        return MessageDigest.isEqual(signature(appSecret, body).getBytes(StandardCharsets.US_ASCII),
                given.strip().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * When the worker sent the message: the Cloud API's {@code timestamp} (Unix seconds, as a string). A message
     * without one (not seen from Meta) counts as sent now.
     */
    private Instant sentAt(JsonNode message) {
        String t = message.path("timestamp").asText("");
        try {
            return t.isEmpty() ? clock.instant() : Instant.ofEpochSecond(Long.parseLong(t.strip()));
        } catch (NumberFormatException e) {
            return clock.instant();
        }
    }

    /** "6281234567890" as WhatsApp writes it to the +62 form the ledger keeps. */
    static String phone(String waId) {
        if (waId == null || waId.isBlank()) {
            return null;
        }
        String digits = waId.strip();
        return digits.startsWith("+") ? digits : "+" + digits;
    }
}
