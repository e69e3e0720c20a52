package id.jamsos.gateway.intake;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import id.jamsos.gateway.ops.HostKeyAlarm;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.remote.RemoteFilePollingConsumerPollStrategy;
import org.apache.camel.component.file.remote.SftpConsumer;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.support.LoggingExceptionHandler;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poll strategy and exception handler of one agency's SFTP intake consumer, there to tell a refused
 * host key apart. Camel's consumer only says "Cannot connect/login to" and keeps the cause at DEBUG,
 * so the route sets {@code throwExceptionOnConnectFailed} and the failure reaches {@link #rollback}:
 * <ul>
 *   <li>host key refused: {@link HostKeyAlarm} (an ERROR in words, throttled, and a counter);</li>
 *   <li>any other failure to connect: what Camel does without that option, one WARN "Cannot
 *       connect/login to" until a poll succeeds again, the cause at DEBUG;</li>
 *   <li>a file the server lists but refuses to let the gateway read (permission denied on its download):
 *       {@link UnstorableEntries#refusedToRead}, one WARN in words and a note to the agency, instead of
 *       Camel's WARN with the stack at every poll;</li>
 *   <li>anything else: Camel's own handling, unchanged (force a reconnect, WARN with the cause).</li>
 * </ul>
 * A successful poll means the server's key matched: the alarm is cleared.
 */
public final class SftpConnectionWatch extends RemoteFilePollingConsumerPollStrategy implements ExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SftpConnectionWatch.class);
    /** How Camel's SFTP operations word a failed connect (SftpOperations.connect). */
    private static final String CONNECT_FAILED = "Cannot connect to ";
    /** How Camel's SFTP operations word a failed download (SftpOperations.retrieveFile...). */
    private static final String RETRIEVE_FAILED = "Cannot retrieve file: ";

    private final String agencyId;
    private final HostKeyAlarm alarm;
    private final UnstorableEntries entries;
    private final ExceptionHandler camelDefault;
    // The poll thread of the agency's consumer is the only caller; volatile for the odd restart.
    private volatile Exception alreadyReported;
    private volatile boolean connectWarned;

    public SftpConnectionWatch(CamelContext context, String agencyId, HostKeyAlarm alarm, UnstorableEntries entries) {
        this.agencyId = agencyId;
        this.alarm = alarm;
        this.entries = entries;
        this.camelDefault = new LoggingExceptionHandler(context, SftpConsumer.class);
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        connectWarned = false;
        alarm.connected(agencyId);
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) throws Exception {
        if (HostKeyAlarm.isHostKeyRefusal(cause)) {
            // Never logged in: nothing to disconnect, and nothing else worth a line every poll.
            alarm.refused(agencyId, "intake poll");
            alreadyReported = cause;
            return false;
        }
        if (isConnectFailure(cause)) {
            String server = cause.getMessage().substring(CONNECT_FAILED.length());
            if (!connectWarned) {
                LOG.warn("Cannot connect/login to: {}", server);
                connectWarned = true;
            }
            LOG.debug("agency={} cannot connect/login to: {}", agencyId, server, cause);
            alreadyReported = cause;
            return false;
        }
        return super.rollback(consumer, endpoint, retryCounter, cause);
    }

    @Override
    public void handleException(Throwable exception) {
        if (!reportedAlready(exception)) {
            camelDefault.handleException(exception);
        }
    }

    @Override
    public void handleException(String message, Throwable exception) {
        if (!reportedAlready(exception)) {
            camelDefault.handleException(message, exception);
        }
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        GenericFile<?> refused = exchange == null ? null : refusedDownload(exchange, exception);
        if (refused != null) {
            entries.refusedToRead(refused);
        } else if (!reportedAlready(exception)) {
            camelDefault.handleException(message, exchange, exception);
        }
    }

    /**
     * The file whose download the server refused with "permission denied", or null for any other failure
     * (a cut connection must not make a file look unreadable: it is simply tried again).
     */
    private static GenericFile<?> refusedDownload(Exchange exchange, Throwable exception) {
        if (!(exception instanceof GenericFileOperationFailedException) || exception.getMessage() == null
                || !exception.getMessage().startsWith(RETRIEVE_FAILED)) {
            return null;
        }
        SftpException sftp = ObjectHelper.getException(SftpException.class, exception);
        if (sftp == null || sftp.id != ChannelSftp.SSH_FX_PERMISSION_DENIED) {
            return null;
        }
        return exchange.getProperty(Exchange.FILE_EXCHANGE_FILE, GenericFile.class);
    }

    /** The poll that failed was said in words by {@link #rollback}: Camel's WARN with the stack would repeat it. */
    private boolean reportedAlready(Throwable exception) {
        if (exception != null && exception == alreadyReported) {
            alreadyReported = null;
            return true;
        }
        return false;
    }

    private static boolean isConnectFailure(Exception cause) {
        return cause instanceof GenericFileOperationFailedException && cause.getMessage() != null
                && cause.getMessage().startsWith(CONNECT_FAILED);
    }
}
