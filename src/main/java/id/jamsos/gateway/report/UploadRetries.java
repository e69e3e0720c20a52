package id.jamsos.gateway.report;

import id.jamsos.gateway.Headers;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says, when an upload to an agency's SFTP fails (writer-errors), which file for which agency,
 * why, and when it is tried again: Camel's own retry line names neither the file nor the delay, and
 * an operator watching an agency's SFTP outage wants both.
 */
public final class UploadRetries implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(UploadRetries.class);

    private final int retries;
    private final long firstDelayMillis;

    /** The writer's redelivery policy: {@code retries} more tries, the first after {@code firstDelayMillis}, doubling. */
    public UploadRetries(int retries, long firstDelayMillis) {
        this.retries = retries;
        this.firstDelayMillis = firstDelayMillis;
    }

    /**
     * Camel's onExceptionOccurred (a Processor, which is what onExceptionOccurredRef looks up): called
     * on each failure, before Camel waits to try again.
     */
    @Override
    public void process(Exchange exchange) {
        // By the time Camel calls this it has counted the failure: 1 after the first one.
        int failures = Math.max(1, exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class));
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String file = exchange.getMessage().getHeader(Exchange.FILE_NAME, "?", String.class);
        String agency = exchange.getMessage().getHeader(Headers.AGENCY_ID, "?", String.class);
        String reason = cause == null ? "unknown" : cause.getMessage();
        if (failures <= retries) {
            LOG.warn("upload of {} for agency {} failed ({}); try {} of {} again in {}", file, agency, reason,
                    failures, retries, seconds(delayBefore(failures)));
        } else {
            LOG.warn("upload of {} for agency {} failed ({}), also after {} more tries; given up for now", file,
                    agency, reason, retries);
        }
    }

    /** Camel's exponential backoff: the first delay before the first retry, then twice the one before. */
    long delayBefore(int retry) {
        long delay = firstDelayMillis;
        for (int i = 1; i < retry; i++) {
            delay *= 2;
        }
        return delay;
    }

    private static String seconds(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
