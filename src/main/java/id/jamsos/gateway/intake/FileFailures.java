package id.jamsos.gateway.intake;

import id.jamsos.gateway.Headers;
import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.ledger.LedgerException;
import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.nik.NikMask;
import id.jamsos.gateway.report.ReportTexts;
import id.jamsos.gateway.report.ReportWriter;
import id.jamsos.gateway.support.FailureCounts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake error handler's bean. A file refused as a whole (or one that failed too often) is
 * marked FAILED in the ledger, gets a {@code <file>.error.txt} in {@code inbox/.failed} saying why,
 * and is archived there itself. Any other failure (broker or ledger briefly down) leaves the file
 * in the inbox: the next poll takes it again and the intake resumes where it stopped, instead of
 * failing a good file whose first rows may already be on their way.
 */
public final class FileFailures {

    private static final int REMEMBERED_FILES = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(FileFailures.class);

    private final Ledger ledger;
    private final int maxAttempts;
    private final Duration pollDelay;
    private final Clock clock;
    private final FailureCounts failures = new FailureCounts(REMEMBERED_FILES);
    private final SecureRandom random = new SecureRandom();

    /**
     * @param maxAttempts polls a file may fail for other reasons before it is failed as a whole
     * @param pollDelay   the intake's poll delay: when a file left in the inbox is tried again
     */
    public FileFailures(Ledger ledger, int maxAttempts, Duration pollDelay, Clock clock) {
        this.ledger = ledger;
        this.maxAttempts = maxAttempts;
        this.pollDelay = pollDelay;
        this.clock = clock;
    }

    /** True when the file must be failed now: refused as a whole, or out of attempts. No side effects. */
    public boolean permanent(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error,
                             @ExchangeProperty(Headers.AGENCY_ID) String agencyId,
                             @Header(Exchange.FILE_NAME_ONLY) String name,
                             @Header(Exchange.FILE_LENGTH) String length) {
        return error instanceof FileRejectedException || failures.get(key(agencyId, name, length)) + 1 >= maxAttempts;
    }

    /** Before the rollback: the file stays in the inbox and is taken again at the next poll. */
    public void retryLater(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error,
                           @ExchangeProperty(Headers.AGENCY_ID) String agencyId,
                           @ExchangeProperty(Headers.FILE_ID) Long fileId,
                           @Header(Exchange.FILE_NAME_ONLY) String name, @Header(Exchange.FILE_LENGTH) String length) {
        int n = failures.increment(key(agencyId, name, length));
        LOG.warn("agency={} file={} id={} could not be processed this time (attempt {} of {}): {}; it stays in the"
                        + " inbox and is resumed at the next poll, in about {} ms", agencyId,
                SafeFileNames.forLog(name == null ? "unknown" : name), fileId, n, maxAttempts,
                LedgerException.causeChain(error), pollDelay.toMillis());
    }

    /** One file version in one agency's inbox: a file replaced by another of the same name counts afresh. */
    private static String key(String agencyId, String name, String length) {
        return (agencyId == null ? "" : agencyId) + "/" + (name == null ? "" : name) + "/"
                + (length == null ? "" : length);
    }

    /**
     * A file refused before the intake registered it (an upload that stalled cut) still belongs in the
     * ledger, FAILED with its reason, so that status and /ops show it like any other refused file. Not
     * for a name that is unsafe to store, nor when the local copy is gone: those stay in the log only.
     */
    private Long recordUnregistered(Exchange exchange, String name) {
        String agencyId = exchange.getProperty(Headers.AGENCY_ID, String.class);
        if (agencyId == null || SafeFileNames.problem(name).isPresent()) {
            return null;
        }
        try {
            Path local = FileIntake.localFile(exchange);
            return ledger.registerFile(agencyId, name, FileChecksum.sha256(local), clock.instant()).fileId();
        } catch (IOException | RuntimeException e) {
            LOG.warn("agency={} file={} refused before it was registered, and could not be recorded: {}", agencyId,
                    SafeFileNames.forLog(name), NikMask.scrub(String.valueOf(e.getMessage())));
            return null;
        }
    }

    /** Eight hex digits: enough to find one failure in a day's log, nothing a clerk must read aloud twice. */
    private String incidentId() {
        return HexFormat.of().toHexDigits(random.nextInt());
    }

    /** The whole error with its causes and frames, every 16-digit run masked (a driver may quote a value). */
    static String scrubbedTrace(Throwable error) {
        if (error == null) {
            return "unknown";
        }
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return NikMask.scrub(out.toString());
    }

    /**
     * The file is failed: marked so in the ledger, its error note made the body (addressed to the
     * agency's {@code inbox/.failed}) and the file itself archived there. Takes the {@link Exchange}
     * because it reads the intake's state (properties and the consumer's file headers, the local copy
     * of a file refused before it was registered) and sets the body, two headers and the archive
     * folder in one step.
     */
    public void record(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        failures.forget(key(exchange.getProperty(Headers.AGENCY_ID, String.class),
                exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class),
                exchange.getMessage().getHeader(Exchange.FILE_LENGTH, String.class)));
        exchange.setProperty(Headers.ARCHIVE_DIR, ".failed");
        String name = exchange.getProperty(Headers.FILE_NAME, String.class);
        if (name == null) {
            name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, "unknown", String.class);
        }
        Long fileId = exchange.getProperty(Headers.FILE_ID, Long.class);
        if (fileId == null && error instanceof FileRejectedException) {
            fileId = recordUnregistered(exchange, name);
            // The steps after this one (the portal's upload, its clerk's answer) name the file recorded.
            exchange.setProperty(Headers.FILE_ID, fileId);
        }
        // An unsafe name is never written back as part of a path, nor printed raw. A re-upload's note
        // sits beside its archive copy, under the same versioned name.
        String noteBase = SafeFileNames.noteBase(exchange.getProperty(Headers.ARCHIVE_NAME, name, String.class));
        name = SafeFileNames.forLog(name);
        // The agency reads a fixed text and a reference; the error itself (class, SQL, vendor code) is
        // for the operators, in the log under the same incident number and in the ledger.
        String incident = incidentId();
        String reference = (fileId == null ? "" : "berkas/file #" + fileId + ", ") + "insiden/incident " + incident;
        String text = ReportTexts.fileError(name, error, reference);
        if (fileId != null) {
            ledger.failFile(fileId, error == null ? "unknown"
                    : NikMask.scrub(String.valueOf(error.getMessage())) + " (incident " + incident + ")");
        }
        if (error instanceof FileRejectedException) {
            LOG.warn("agency={} file={} id={} refused: {}", exchange.getProperty(Headers.AGENCY_ID), name, fileId,
                    error.getMessage());
        } else {
            LOG.error("agency={} file={} id={} failed, incident {} (the agency's note gives this number): {}",
                    exchange.getProperty(Headers.AGENCY_ID), name, fileId, incident, scrubbedTrace(error));
        }
        exchange.getMessage().setBody(text);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, noteBase + ".error.txt");
        exchange.getMessage().setHeader(Headers.TARGET, ReportWriter.FAILED);
    }
}
