package id.jamsos.gateway.routes;

import id.jamsos.gateway.Headers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/reports.camel.yaml alone: the order in which a file's reports reach the agency's writer, what a
 * failed upload leaves behind, and stale-reports taking such a file up again. The writer routes
 * (direct:sftp-write-&lt;agency&gt;, in agency-intake.camel.yaml) are mocked and skipped; the ledger is
 * a small fake that answers like ReportWriter and StaleReports do.
 */
class ReportsRouteTest extends RouteTestSupport {

    private static final String AGENCY_ID = "JamsosAgencyId";

    private final FakeReportWriter reportWriter = new FakeReportWriter();
    private final FakeStaleReports staleReports = new FakeStaleReports();

    @Override
    protected String routeFile() {
        return "routes/reports.camel.yaml";
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("jamsos.reports.staleAfterMs", "600000");
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        context.withMockEndpointsAndSkip("direct:sftp-write-*");
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("reportWriter", reportWriter);
        registry.bind("staleReports", staleReports);
    }

    private void startWithStaleReportsOnDirect() throws Exception {
        AdviceWith.adviceWith(context, "stale-reports", false, a -> a.replaceFromWith("direct:stale-reports"));
        start();
    }

    @Test
    void resultsThenRejectsThenNoteThenFinished() throws Exception {
        startWithStaleReportsOnDirect();
        reportWriter.file(7, "dinsos", true);
        MockEndpoint sftp = getMockEndpoint("mock:direct:sftp-write-dinsos");
        sftp.expectedBodiesReceived("results of 7", "rejects of 7", "re-upload note of 7");
        sftp.expectedHeaderValuesReceivedInAnyOrder(Exchange.FILE_NAME,
                "7.results.csv", "7.rejects.csv", "7.reupload.txt");

        Exchange done = template.send("direct:file-reports", e -> e.getMessage().setHeader(Headers.REPORTS_DUE, 7L));

        sftp.assertIsSatisfied();
        assertThat(done.getException()).isNull();
        assertThat(reportWriter.calls()).containsExactly("results 7", "rejects 7", "workbook 7", "changesNote 7",
                "reuploadNote 7", "finished 7");
    }

    @Test
    void workbookAndChangesNoteAreUploadedWhenThereAreSome() throws Exception {
        startWithStaleReportsOnDirect();
        reportWriter.file(10, "dinsos", false);
        reportWriter.workbook.add(10L);
        reportWriter.secondVersion.add(10L);
        MockEndpoint sftp = getMockEndpoint("mock:direct:sftp-write-dinsos");
        sftp.expectedBodiesReceived("results of 10", "rejects of 10", "workbook of 10", "changes of 10");
        sftp.expectedHeaderValuesReceivedInAnyOrder(Exchange.FILE_NAME,
                "10.results.csv", "10.rejects.csv", "10.report.xlsx", "10.changes.v2.txt");

        template.send("direct:file-reports", e -> e.getMessage().setHeader(Headers.REPORTS_DUE, 10L));

        sftp.assertIsSatisfied();
        assertThat(reportWriter.calls()).containsExactly("results 10", "rejects 10", "workbook 10", "changesNote 10",
                "reuploadNote 10", "finished 10");
    }

    @Test
    void noNoteWithoutReupload() throws Exception {
        startWithStaleReportsOnDirect();
        reportWriter.file(8, "dinsos", false);
        MockEndpoint sftp = getMockEndpoint("mock:direct:sftp-write-dinsos");
        sftp.expectedBodiesReceived("results of 8", "rejects of 8");

        template.send("direct:file-reports", e -> e.getMessage().setHeader(Headers.REPORTS_DUE, 8L));

        sftp.assertIsSatisfied();
        assertThat(reportWriter.calls()).endsWith("finished 8");
    }

    @Test
    void failedUploadIsCaughtLoggedAndLeavesTheFileUnfinished() throws Exception {
        startWithStaleReportsOnDirect();
        reportWriter.file(9, "dinsos", true);
        MockEndpoint sftp = getMockEndpoint("mock:direct:sftp-write-dinsos");
        sftp.expectedBodiesReceived("results of 9", "rejects of 9");
        // The second upload fails for good: what the writer route throws once its retries are used up.
        sftp.whenExchangeReceived(2, e -> {
            throw new IOException("outbox of dinsos: disk full");
        });

        Exchange done;
        try (LogCapture log = LogCapture.attach()) {
            done = template.send("direct:file-reports", e -> e.getMessage().setHeader(Headers.REPORTS_DUE, 9L));
            assertThat(log.lines()).anySatisfy(line -> assertThat(line)
                    .startsWith("WARN")
                    .contains("reports of file 9 not written (outbox of dinsos: disk full)")
                    .contains("after 600000 ms by stale-reports"));
        }

        sftp.assertIsSatisfied();
        // Caught here, not handed back to the caller (the enroller's transaction would roll back).
        assertThat(done.getException()).isNull();
        // Not finished: the file stays REPORTING, for stale-reports.
        assertThat(reportWriter.calls()).containsExactly("results 9", "rejects 9");
    }

    @Test
    void staleReportsWritesEveryDueFileAgain() throws Exception {
        startWithStaleReportsOnDirect();
        reportWriter.file(21, "dinsos", false);
        reportWriter.file(22, "dukcapil", false);
        staleReports.due.addAll(List.of(21L, 22L));
        MockEndpoint dinsos = getMockEndpoint("mock:direct:sftp-write-dinsos");
        dinsos.expectedBodiesReceived("results of 21", "rejects of 21");
        MockEndpoint dukcapil = getMockEndpoint("mock:direct:sftp-write-dukcapil");
        dukcapil.expectedBodiesReceived("results of 22", "rejects of 22");

        template.sendBody("direct:stale-reports", null);

        MockEndpoint.assertIsSatisfied(dinsos, dukcapil);
        assertThat(reportWriter.calls()).contains("finished 21", "finished 22");
    }

    @Test
    void nothingDueWritesNothing() throws Exception {
        startWithStaleReportsOnDirect();
        MockEndpoint dinsos = getMockEndpoint("mock:direct:sftp-write-dinsos");
        dinsos.expectedMessageCount(0);

        template.sendBody("direct:stale-reports", null);

        dinsos.assertIsSatisfied();
        assertThat(reportWriter.calls()).isEmpty();
    }

    /**
     * Answers like ReportWriter without a ledger: each report is the body, named by Exchange.FILE_NAME
     * and addressed to its agency by header, as the writer route expects. Takes the Exchange because the
     * real bean sets those headers itself.
     */
    public static final class FakeReportWriter {

        private final Map<Long, String> agencyOf = new HashMap<>();
        private final Map<Long, Boolean> reupload = new HashMap<>();
        private final List<String> calls = new ArrayList<>();
        final java.util.Set<Long> workbook = new java.util.HashSet<>();
        final java.util.Set<Long> secondVersion = new java.util.HashSet<>();

        void file(long id, String agencyId, boolean reuploaded) {
            agencyOf.put(id, agencyId);
            reupload.put(id, reuploaded);
        }

        synchronized List<String> calls() {
            return List.copyOf(calls);
        }

        public void results(Exchange exchange) {
            report(exchange, "results", "results of %d", ".results.csv");
        }

        public void rejects(Exchange exchange) {
            report(exchange, "rejects", "rejects of %d", ".rejects.csv");
        }

        /** As for an agency that takes no XLSX: an empty body, nothing uploaded. */
        public void workbook(Exchange exchange) {
            long id = fileId(exchange);
            if (workbook.contains(id)) {
                report(exchange, "workbook", "workbook of %d", ".report.xlsx");
            } else {
                record("workbook " + id);
                exchange.getMessage().setBody(null);
            }
        }

        /** Version 2 for the files in {@code secondVersion}, else none. */
        public void changesNote(Exchange exchange) {
            long id = fileId(exchange);
            if (secondVersion.contains(id)) {
                report(exchange, "changesNote", "changes of %d", ".changes.v2.txt");
            } else {
                record("changesNote " + id);
                exchange.getMessage().setBody(null);
            }
        }

        public void reuploadNote(Exchange exchange) {
            long id = fileId(exchange);
            if (reupload.get(id)) {
                report(exchange, "reuploadNote", "re-upload note of %d", ".reupload.txt");
            } else {
                record("reuploadNote " + id);
                exchange.getMessage().setBody(null);
            }
        }

        public void finished(Exchange exchange) {
            record("finished " + fileId(exchange));
        }

        private void report(Exchange exchange, String call, String body, String suffix) {
            long id = fileId(exchange);
            record(call + " " + id);
            exchange.getMessage().setBody(String.format(body, id));
            exchange.getMessage().setHeader(Exchange.FILE_NAME, id + suffix);
            exchange.getMessage().setHeader(AGENCY_ID, agencyOf.get(id));
        }

        private static long fileId(Exchange exchange) {
            return exchange.getMessage().getHeader(Headers.REPORTS_DUE, Long.class);
        }

        private synchronized void record(String call) {
            calls.add(call);
        }
    }

    /** StaleReports without a ledger: the ids of the files whose reports were never finished. */
    public static final class FakeStaleReports {

        final List<Long> due = new ArrayList<>();

        public List<Long> due() {
            return List.copyOf(due);
        }
    }
}
