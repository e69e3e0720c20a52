package id.jamsos.gateway.app;

import id.jamsos.gateway.config.AgencyRegistryHolder;
import id.jamsos.gateway.coverage.CoverageReportBuilder;
import id.jamsos.gateway.coverage.CoverageReportSchedule;
import id.jamsos.gateway.coverage.Dimension;
import id.jamsos.gateway.finance.Programme;
import id.jamsos.gateway.finance.StatementCron;
import id.jamsos.gateway.ledger.PersonalDataCipher;
import id.jamsos.gateway.ops.CoverageDownloads;
import id.jamsos.gateway.ops.CoverageSection;
import id.jamsos.gateway.ops.OpsPage;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import javax.sql.DataSource;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * Coverage reports (docs/coverage-reports.md): the builder the status page, the demo and the monthly
 * finance report share, and that report's schedule. A part of {@link GatewayConfiguration}, in a class
 * of its own to keep each under 32 {@code @BindToRegistry} methods (see {@link EnrollerConfiguration}).
 */
public final class CoverageConfiguration extends ConfigurationPart {

    CoverageConfiguration(AgencyRegistryHolder agencies, DataSource dataSource, PersonalDataCipher pii, Clock clock,
                          ClosedOnStop closedOnStop) {
        super(agencies, dataSource, pii, clock, closedOnStop);
    }

    @BindToRegistry(lazy = true)
    public CoverageReportBuilder coverageReportBuilder(CamelContext context,
            @PropertyInject("jamsos.defaultIncome") long defaultIncome,
            @PropertyInject("jamsos.finance.zone") String zone) {
        return new CoverageReportBuilder(dataSource, Programme.from(settings(context)), defaultIncome,
                ZoneId.of(zone.trim()), clock);
    }

    /** The report files behind the status page's links (routes/ops.camel.yaml, ops-coverage-download). */
    @BindToRegistry(lazy = true)
    public CoverageDownloads coverageDownloads(CoverageReportBuilder builder,
            @PropertyInject("jamsos.regionCode") String regionCode) {
        return new CoverageDownloads(builder, regionCode.trim());
    }

    /**
     * Once the context runs: the coverage section on the status page. Done after start (as
     * PaymentsConfiguration.wire) so that the page bean stays as OpsConfiguration makes it.
     */
    static void wire(CamelContext context) {
        OpsPage page = context.getRegistry().lookupByNameAndType("opsPage", OpsPage.class);
        CoverageReportBuilder builder = context.getRegistry().lookupByNameAndType("coverageReportBuilder",
                CoverageReportBuilder.class);
        String zone = context.getPropertiesComponent().resolveProperty("jamsos.ops.timeZone").orElse("Asia/Jayapura");
        if (page != null && builder != null) {
            page.showCoverage(new CoverageSection(builder, ZoneId.of(zone.trim()), Clock.systemUTC()));
        }
    }

    /** A malformed cron or dimension stops the start with the setting named. */
    @BindToRegistry(lazy = true)
    public CoverageReportSchedule coverageReportSchedule(CoverageReportBuilder builder,
            @PropertyInject("jamsos.coverageReport.cron") String cron,
            @PropertyInject("jamsos.coverageReport.dimensions") String dimensions,
            @PropertyInject("jamsos.finance.zone") String zone) {
        return new CoverageReportSchedule(builder, dataSource, StatementCron.parse(cron.trim(), ZoneId.of(zone.trim())),
                Arrays.stream(dimensions.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Dimension::parse)
                        .toList(), json, clock);
    }
}
