package id.jamsos.gateway.app;

import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerTime;
import id.jamsos.gateway.ledger.LoginFailureLedger;
import id.jamsos.gateway.ledger.OpsQueries;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ledger.PortalSessionLedger;
import id.jamsos.gateway.ledger.PortalUploadLedger;
import id.jamsos.gateway.ops.LoginThrottle;
import id.jamsos.gateway.portal.PortalAuth;
import id.jamsos.gateway.portal.PortalDownloads;
import id.jamsos.gateway.portal.PortalHeaderFilter;
import id.jamsos.gateway.portal.PortalHttp;
import id.jamsos.gateway.portal.PortalPages;
import id.jamsos.gateway.portal.PortalUploads;
import id.jamsos.gateway.portal.PreviewLedgerCheck;
import id.jamsos.gateway.portal.ResultsMail;
import id.jamsos.gateway.report.ReportWriter;
import id.jamsos.gateway.support.PrivateFiles;
import id.jamsos.gateway.validation.AgencyFileValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.PlatformHttpComponent;

/**
 * The agency clerks' portal (routes/portal.camel.yaml, docs/portal.md): its HTTP server on a port of its
 * own, logins and sessions, pages, uploads, downloads and the results e-mail. A part of
 * {@link GatewayConfiguration}, in a class of its own to keep each under 32 {@code @BindToRegistry}
 * methods (see {@link EnrollerConfiguration}).
 */
public final class PortalConfiguration extends ConfigurationPart {

    /** The component routes/portal.camel.yaml listens with: platform-http on the portal's own server. */
    public static final String COMPONENT = "portal-http";

    PortalConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
                        ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    /**
     * Made whenever the portal routes are (they are, enabled or not); the server listens only once an
     * enabled portal route starts its consumer.
     */
    @BindToRegistry(value = COMPONENT, lazy = true)
    public PlatformHttpComponent portalHttp(CamelContext context, HttpServerLimits limits, PortalAuth auth,
            @PropertyInject("jamsos.portal.enabled") boolean enabled,
            @PropertyInject("jamsos.portal.host") String host, @PropertyInject("jamsos.portal.port") int port,
            @PropertyInject("jamsos.portal.maxUploadMib") long maxUploadMib,
            @PropertyInject("jamsos.work.dir") String workDir,
            @PropertyInject("camel.server.port") int serverPort,
            @PropertyInject(value = "camel.management.port", defaultValue = "-1") int managementPort) throws IOException {
        if (enabled && (port == serverPort || port == managementPort)) {
            throw new IllegalArgumentException("jamsos.portal.port " + port + " is the port of the claim callback"
                    + " (camel.server.port) or of the management server: the portal needs a port of its own");
        }
        // The limits of every HTTP server of the gateway apply (idle and head timeouts, connections), but not
        // the callback's answers to /ops/health and /ops/ready while it starts: the portal serves no probe.
        limits.noProbesOn(port);
        Path uploads = Path.of(workDir.trim()).resolve(".portal-uploads");
        if (enabled) {
            PrivateFiles.createDirectories(uploads);
        }
        // The form fields and multipart framing around the file: a little over the file's own limit.
        // Only the upload's, and only for a signed-in clerk (PortalHttp.BodyGuard); every other body 64 KiB.
        return PortalHttp.component(context, host.trim(), port, maxUploadMib * 1024 * 1024 + 64 * 1024, uploads,
                enabled, auth::sessionLive);
    }

    @BindToRegistry(value = PortalHeaderFilter.BEAN, lazy = true)
    public PortalHeaderFilter portalHeaderFilter() {
        return new PortalHeaderFilter();
    }

    /** Sessions and failed logins in the ledger (V25), on its clock: every replica shares them. */
    @BindToRegistry(lazy = true)
    public PortalAuth portalAuth(@PropertyInject("jamsos.portal.loginWindowSeconds") long loginWindowSeconds,
            @PropertyInject("jamsos.portal.loginFailures") int loginFailures,
            @PropertyInject("jamsos.portal.loginFailuresOverall") int loginFailuresOverall,
            @PropertyInject("jamsos.portal.sessionIdleMinutes") long sessionIdleMinutes,
            @PropertyInject("jamsos.portal.sessionHours") long sessionHours,
            @PropertyInject("jamsos.portal.secureCookie") boolean secureCookie,
            @PropertyInject(value = "jamsos.portal.trustedProxies", defaultValue = "") String trustedProxies,
            AuditTrail audit) {
        return new PortalAuth(agencies, new LoginThrottle(new LoginFailureLedger(dataSource,
                Duration.ofSeconds(loginWindowSeconds), LedgerTime.DATABASE, LoginFailureLedger.PORTAL), loginFailures,
                loginFailuresOverall), new PortalSessionLedger(dataSource, Duration.ofMinutes(sessionIdleMinutes),
                Duration.ofHours(sessionHours), 10_000, LedgerTime.DATABASE), secureCookie,
                java.util.Arrays.stream(trustedProxies.split(",")).map(String::trim).filter(a -> !a.isEmpty())
                        .collect(java.util.stream.Collectors.toSet())).auditTo(audit);
    }

    @BindToRegistry(lazy = true)
    public PortalPages portalPages(OpsQueries queries, @PropertyInject("jamsos.ops.timeZone") String timeZone,
                                   @PropertyInject("jamsos.portal.maxUploadMib") long maxUploadMib) {
        return new PortalPages(queries, agencies, ZoneId.of(timeZone.trim()), maxUploadMib * 1024 * 1024);
    }

    /**
     * Uploads in the ledger (portal_upload, V28), on its clock: any replica previews, submits or resumes them.
     * An intake of one upload is tried as often as an SFTP file's (jamsos.intake.maxAttempts).
     */
    @BindToRegistry(lazy = true)
    public PortalUploads portalUploads(PortalPages pages, AgencyFileValidator validator, Ledger ledger,
                                       @PropertyInject("jamsos.work.dir") String workDir,
                                       @PropertyInject("jamsos.portal.maxUploadMib") long maxUploadMib,
                                       @PropertyInject("jamsos.portal.previewRows") int previewRows,
                                       @PropertyInject("jamsos.portal.uploadTtlMinutes") long uploadTtlMinutes,
                                       @PropertyInject("jamsos.portal.submitLeaseSeconds") long submitLeaseSeconds,
                                       @PropertyInject("jamsos.intake.maxAttempts") int maxAttempts,
                                       AuditTrail audit) {
        return new PortalUploads(new PortalUploadLedger(dataSource, LedgerTime.DATABASE, pii), Path.of(workDir.trim()),
                validator, pages, maxUploadMib * 1024 * 1024, previewRows, Duration.ofMinutes(uploadTtlMinutes),
                Duration.ofSeconds(submitLeaseSeconds), maxAttempts).auditTo(audit)
                .checkingLedger(new PreviewLedgerCheck(ledger, pages));
    }

    @BindToRegistry(lazy = true)
    public PortalDownloads portalDownloads(PortalPages pages, ReportWriter reports, AuditTrail audit) {
        return new PortalDownloads(pages, reports).auditTo(audit);
    }

    @BindToRegistry(lazy = true)
    public ResultsMail resultsMail(Ledger ledger, @PropertyInject("jamsos.portal.mail.enabled") boolean enabled,
                                   @PropertyInject("jamsos.portal.publicUrl") String publicUrl) {
        return new ResultsMail(enabled, ledger, agencies, publicUrl.trim());
    }
}
