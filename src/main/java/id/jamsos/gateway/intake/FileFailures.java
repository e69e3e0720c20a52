package id.jamsos.gateway.intake;

import id.jamsos.gateway.ledger.Ledger;
import id.jamsos.gateway.model.FileRejectedException;
import id.jamsos.gateway.report.ReportTexts;
import id.jamsos.gateway.report.ReportWriter;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake error handler's bean: a file that failed as a whole is marked FAILED in the ledger and
 * gets a {@code <file>.error.txt} beside it in {@code inbox/.failed} saying why; the SFTP consumer
 * then moves the file itself there.
 */
public final class FileFailures {

    private static final Logger LOG = LoggerFactory.getLogger(FileFailures.class);

    private final Ledger ledger;

    public FileFailures(Ledger ledger) {
        this.ledger = ledger;
    }

    public void record(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String name = exchange.getProperty(FileIntake.FILE_NAME, String.class);
        if (name == null) {
            name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, "unknown", String.class);
        }
        Long fileId = exchange.getProperty(FileIntake.FILE_ID, Long.class);
        // An unsafe name is never written back as part of a path, nor printed raw.
        String noteBase = SafeFileNames.noteBase(name);
        name = SafeFileNames.forLog(name);
        String text = ReportTexts.fileError(name, error);
        if (fileId != null) {
            ledger.failFile(fileId, error == null ? "unknown" : error.getMessage());
        }
        if (error instanceof FileRejectedException) {
            LOG.warn("agency={} file={} id={} refused: {}", exchange.getProperty(FileIntake.AGENCY_ID), name, fileId,
                    error.getMessage());
        } else {
            LOG.error("agency={} file={} id={} failed", exchange.getProperty(FileIntake.AGENCY_ID), name, fileId, error);
        }
        exchange.getMessage().setBody(text);
        exchange.getMessage().setHeader(Exchange.FILE_NAME, noteBase + ".error.txt");
        exchange.getMessage().setHeader(ReportWriter.TARGET, ReportWriter.FAILED);
    }
}
