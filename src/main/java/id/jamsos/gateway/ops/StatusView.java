package id.jamsos.gateway.ops;

import java.util.List;

/**
 * What the operators' status page shows, read once per request and formatted (times in the city's
 * zone, amounts with separators), so that the template ops/status.mustache only places values.
 *
 * @param csrfToken the session's anti-forgery token for the page's script; null without a session
 * @param style     the page's stylesheet (ops/ops.css from the jar), inlined under the nonce
 * @param script    the page's script (ops/ops.js from the jar), inlined under the nonce
 */
public record StatusView(String nonce, String csrfToken, String style, String script, String now, boolean loggedIn,
                         List<Check> checks, Deliveries deliveries, Files files, Claims claims, Budget budget,
                         Arrears arrears, Coverage coverage, Notifications notifications)
        implements OpsView {

    /** The page without the notifications line (a gateway that does not notify, tests of other sections). */
    public StatusView(String nonce, String csrfToken, String style, String script, String now, boolean loggedIn,
                      List<Check> checks, Deliveries deliveries, Files files, Claims claims, Budget budget,
                      Arrears arrears, Coverage coverage) {
        this(nonce, csrfToken, style, script, now, loggedIn, checks, deliveries, files, claims, budget, arrears, coverage,
                null);
    }

    @Override
    public String template() {
        return "status";
    }

    @Override
    public int status() {
        return 200;
    }

    /** A health check's badge; {@code css} is the state in lower case. */
    public record Check(String name, String state, String css) {
    }

    /** One figure with its label. */
    public record Stat(String value, String label) {
    }

    /** @param otherPayerWarning the share guard's alarm (a round's other-payer workers held), or null */
    public record Deliveries(List<Stat> stats, String credentialsWarning, List<Chart> charts, List<Queue> queues,
                             String otherPayerWarning) {

        public Deliveries(List<Stat> stats, String credentialsWarning, List<Chart> charts, List<Queue> queues) {
            this(stats, credentialsWarning, charts, queues, null);
        }
    }

    /** A queue's depth as shown: a number, "N+" at the cap, or "unknown". */
    public record Queue(String name, boolean deadLetters, boolean warn, String shown) {
    }

    /** @param retention the note on purged files, or null before the first purge */
    public record Files(String retention, List<Agency> agencies) {
    }

    /** @param hostKeyWarning the refused SFTP host key, or null */
    public record Agency(String id, String hostKeyWarning, List<FileLine> files) {

        public boolean hasFiles() {
            return !files.isEmpty();
        }
    }

    /**
     * One file's table row. {@code title} is the file's error (NIKs masked); {@code purged} the time its
     * rows were purged, or null; {@code progress} while it is being processed, or null.
     */
    public record FileLine(long id, String name, String received, String state, String stateCss, String title,
                           String total, int rejected, int pending, int enrolled, int refused, int parked,
                           int held, int otherPayer, String purged, Progress progress, boolean done, boolean replay) {
    }

    public record Progress(int max, int value, int percent) {
    }

    /** @param outbox claims recorded but not yet sent to finance; 0 when none */
    public record Claims(int outbox, boolean outboxWaiting, List<Claim> claims) {

        public boolean hasClaims() {
            return !claims.isEmpty();
        }
    }

    /** @param published when it went to finance, or null while it has not */
    public record Claim(String claimId, String type, String kpj, String amount, String agency, String received,
                        String published) {
    }

    /** @param warning the budget plan's bilingual warning when the money runs out before the programme ends, or null */
    public record Budget(List<Stat> stats, String warning) {
    }

    /**
     * The city's account with BPJS month by month (invoices, payments, arrears); null when it cannot be read.
     *
     * @param warning the arrears alarm, Indonesian / English, or null while no month is in arrears
     */
    public record Arrears(List<Stat> stats, String warning, List<AccountMonth> months) {

        public boolean hasMonths() {
            return !months.isEmpty();
        }
    }

    /** One month of the account; amounts formatted, {@code billed} "-" while no invoice is recorded. */
    public record AccountMonth(String period, String billed, String expected, String paid, String outstanding,
                               String dueDate, String stage, boolean warn) {
    }

    /**
     * A bar chart drawn as inline SVG: every coordinate computed here, so that the template places
     * numbers only (no markup is built outside the template).
     */
    public record Chart(String title, String caption, String color, int width, int height, int boxHeight,
                        int labelY, long max, List<Bar> bars) {
    }

    /** One bar: coordinates as the SVG attributes take them (one decimal). */
    public record Bar(String x, String y, String width, String height, long value) {
    }

    /**
     * Coverage (docs/coverage-reports.md): the last months' workers covered as a chart, this month's
     * figures, per district, and the report files to download. Counts only.
     *
     * @param asOf when the figures were counted (they are kept a few minutes: a million workers take seconds)
     */
    public record Coverage(List<Stat> stats, Chart chart, List<CoverageLine> districts, List<Download> downloads,
                           String asOf) {
    }

    /** One district this month; amounts formatted. */
    public record CoverageLine(String district, String active, String started, String ended, String spent) {
    }

    /** A report file to download (operators only, as the page). */
    public record Download(String href, String label) {
    }

    /**
     * Worker notifications (docs/notifications.md): messages queued, sent, delivered, uncertain and failed; null
     * when the gateway does not notify or the counts are not known yet.
     *
     * @param hint what to do while some are UNCERTAIN or FAILED (Indonesian / English), or null
     */
    public record Notifications(List<Stat> stats, String hint) {
    }
}
