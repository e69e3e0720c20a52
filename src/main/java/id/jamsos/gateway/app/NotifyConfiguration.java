package id.jamsos.gateway.app;

import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.finance.ArrearsWatch;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.ledger.NotificationLedger;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.notify.BoundedHttpClient;
import id.jamsos.gateway.notify.NotificationDesk;
import id.jamsos.gateway.notify.NotificationHealthCheck;
import id.jamsos.gateway.notify.NotificationRetention;
import id.jamsos.gateway.notify.NotificationWatch;
import id.jamsos.gateway.notify.NotificationScan;
import id.jamsos.gateway.notify.NotificationTemplates;
import id.jamsos.gateway.notify.SmsGateway;
import id.jamsos.gateway.notify.WhatsAppMessages;
import id.jamsos.gateway.notify.WhatsAppWebhook;
import id.jamsos.gateway.ops.GatewayMetrics;
import id.jamsos.gateway.ops.OpsPage;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.whatsapp.WhatsAppComponent;

/**
 * Notifying workers (docs/notifications.md): the ledger's contacts and outbox, the scan that queues events,
 * the route's beans, the WhatsApp component and the webhook. A part of {@link GatewayConfiguration}, in a
 * class of its own to keep each under 32 {@code @BindToRegistry} methods (see {@link EnrollerConfiguration}).
 * With jamsos.notify.enabled=false (the default) the routes do not start; consents are still kept at intake,
 * so that turning notifications on later reaches the workers who agreed.
 */
public final class NotifyConfiguration extends ConfigurationPart {

    NotifyConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
                        ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    @BindToRegistry(lazy = true)
    public NotificationLedger notificationLedger() {
        return new NotificationLedger(dataSource, pii, clock);
    }

    /** Who pays, as a worker reads it: the payer's name and the funding source's (jamsos.programme.source.*). */
    @BindToRegistry(lazy = true)
    public NotificationTemplates notificationTemplates(Programme programme,
            @PropertyInject("jamsos.notify.payerName") String payerName) {
        return new NotificationTemplates(code -> {
            Programme.FundingSource source = code == null ? null : programme.source(code);
            String payer = payerName.strip();
            return source == null || source.name() == null || source.name().isBlank() ? payer
                    : payer + " (" + source.name().strip() + ")";
        });
    }

    @BindToRegistry(lazy = true)
    public NotificationScan notificationScan(NotificationLedger ledger, NotificationTemplates templates,
            ArrearsWatch arrears, @PropertyInject("jamsos.notify.batch") int batch,
            @PropertyInject("jamsos.notify.endedWithinDays") int endedWithinDays,
            @PropertyInject("jamsos.notify.atRiskAfterMonths") int atRiskAfterMonths,
            @PropertyInject("jamsos.notify.sendingTimeoutSeconds") long sendingTimeoutSeconds) {
        return new NotificationScan(ledger, templates, arrears::current, clock, batch, Duration.ofDays(endedWithinDays),
                atRiskAfterMonths, Duration.ofSeconds(sendingTimeoutSeconds));
    }

    @BindToRegistry(lazy = true)
    public NotificationDesk notificationDesk(NotificationLedger ledger, GatewayMetrics metrics,
            @PropertyInject("jamsos.notify.batch") int batch,
            @PropertyInject("jamsos.notify.maxAttempts") int maxAttempts,
            @PropertyInject("jamsos.notify.retryBaseSeconds") long retryBaseSeconds) {
        NotificationDesk desk = new NotificationDesk(ledger, batch, maxAttempts, Duration.ofSeconds(retryBaseSeconds));
        desk.meters(metrics.registry());
        return desk;
    }

    /**
     * Messages per state, asked at most every 10 s (as the row gauges): jamsos_notifications_state{state}, the
     * health detail and the status page's line read it.
     */
    @BindToRegistry(lazy = true)
    public NotificationWatch notificationWatch(NotificationLedger ledger, GatewayMetrics metrics) {
        NotificationWatch watch = new NotificationWatch(ledger, clock, Duration.ofSeconds(10));
        watch.meters(metrics.registry());
        return watch;
    }

    /** Health detail {@code notifications}: the counts, UP whatever they are (see the class). */
    @BindToRegistry(lazy = true)
    public NotificationHealthCheck notificationsHealthCheck(NotificationWatch watch) {
        return new NotificationHealthCheck(watch);
    }

    /** The retention job's step (routes/retention.camel.yaml): phones and message parameters past retention. */
    @BindToRegistry(lazy = true)
    public NotificationRetention notificationRetention(NotificationLedger ledger,
            @PropertyInject("jamsos.retention.days") int days,
            @PropertyInject("jamsos.retention.batchSize") int batchSize) {
        return new NotificationRetention(ledger, days, batchSize, clock);
    }

    /**
     * Once the context runs: the notifications line on the status page. Done after start (as
     * CoverageConfiguration.wire) so that the page bean stays as OpsConfiguration makes it.
     */
    static void wire(CamelContext context) {
        OpsPage page = context.getRegistry().lookupByNameAndType("opsPage", OpsPage.class);
        NotificationWatch watch = context.getRegistry().lookupByNameAndType("notificationWatch", NotificationWatch.class);
        if (page != null && watch != null) {
            page.showNotifications(watch);
        }
    }

    @BindToRegistry(lazy = true)
    public WhatsAppMessages whatsAppMessages() {
        return new WhatsAppMessages();
    }

    @BindToRegistry(lazy = true)
    public SmsGateway smsGateway(@PropertyInject("jamsos.notify.sms.userKey") String userKey,
            @PropertyInject("jamsos.notify.sms.passKey") String passKey) {
        return new SmsGateway(userKey.strip(), passKey.strip());
    }

    @BindToRegistry(lazy = true)
    public WhatsAppWebhook whatsAppWebhook(NotificationLedger ledger,
            @PropertyInject("jamsos.notify.whatsapp.appSecret") String appSecret,
            @PropertyInject("jamsos.notify.whatsapp.verifyToken") String verifyToken) {
        return new WhatsAppWebhook(ledger, appSecret.strip(), verifyToken.strip());
    }

    /**
     * camel-whatsapp, configured here rather than on the endpoint: the token stays out of the route's URI (and
     * so out of Camel's endpoint listings), and the component gets a client that bounds every call and turns a
     * network failure into an answer ({@link BoundedHttpClient}: without it a refused connection hangs the
     * route). With notifications on, a missing phone number id, token or app secret stops the start, named.
     */
    @BindToRegistry(value = "whatsapp", lazy = true)
    public WhatsAppComponent whatsapp(@PropertyInject("jamsos.notify.enabled") boolean enabled,
            @PropertyInject("jamsos.notify.whatsapp.baseUri") String baseUri,
            @PropertyInject("jamsos.notify.whatsapp.apiVersion") String apiVersion,
            @PropertyInject("jamsos.notify.whatsapp.phoneNumberId") String phoneNumberId,
            @PropertyInject("jamsos.notify.whatsapp.token") String token,
            @PropertyInject("jamsos.notify.whatsapp.appSecret") String appSecret,
            @PropertyInject("jamsos.notify.whatsapp.connectTimeoutMs") long connectTimeoutMs,
            @PropertyInject("jamsos.notify.whatsapp.requestTimeoutMs") long requestTimeoutMs) {
        if (enabled) {
            for (String[] s : new String[][] {{"jamsos.notify.whatsapp.phoneNumberId", phoneNumberId},
                    {"jamsos.notify.whatsapp.token", token}, {"jamsos.notify.whatsapp.appSecret", appSecret}}) {
                if (s[1] == null || s[1].isBlank() || "unset".equals(s[1].strip())) {
                    throw new IllegalArgumentException(s[0] + " must be set when jamsos.notify.enabled=true"
                            + " (docs/notifications.md)");
                }
            }
        }
        WhatsAppComponent component = new WhatsAppComponent();
        component.setBaseUri(baseUri.strip());
        component.setApiVersion(apiVersion.strip());
        // The component refuses an endpoint without a token even while its route stays stopped.
        component.setAuthorizationToken(token == null || token.isBlank() ? "unset" : token.strip());
        component.setClient(new BoundedHttpClient(Duration.ofMillis(connectTimeoutMs), Duration.ofMillis(requestTimeoutMs)));
        return component;
    }
}
