package id.jamsos.gateway.notify;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.ledger.NotificationLedger.Due;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.ExchangeProperty;

/**
 * The SMS fallback: local SMS gateways are plain HTTP, a GET with the account's user key and pass key, the
 * number and the text (docs/notifications.md, "SMS gateway"). This builds the query; the route's http
 * producer makes the call, so its timeouts and retries are in the route. The answer is {@code OK <id>} or a
 * JSON/text the gateway reads for an id.
 */
public final class SmsGateway {

    private final String userKey;
    private final String passKey;

    public SmsGateway(String userKey, String passKey) {
        this.userKey = userKey;
        this.passKey = passKey;
    }

    /** The query string of the call (Exchange.HTTP_QUERY): userkey, passkey, nohp, pesan. */
    public String query(@ExchangeProperty(Headers.NOTIFICATION) Due due) {
        String text = NotificationTemplates.text(due.template(), due.params());
        return "userkey=" + enc(userKey) + "&passkey=" + enc(passKey) + "&nohp=" + enc(due.phone().replace("+", ""))
                + "&pesan=" + enc(text);
    }

    /**
     * The gateway's message id from a 2xx answer: the mock and most gateways answer {@code OK <id>} or JSON with
     * a {@code messageId}; anything else that is 2xx but not an acceptance ({@code ERROR ...}) is a refusal.
     */
    public String messageId(String answer) {
        String a = answer == null ? "" : answer.strip();
        if (a.startsWith("OK")) {
            String id = a.substring(2).strip();
            return id.isEmpty() ? "sms" : id;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"").matcher(a);
        if (m.find()) {
            return m.group(1);
        }
        throw new NotifyPermanentException("SMS gateway refused the message: "
                + (a.length() > 120 ? a.substring(0, 120) : a));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
