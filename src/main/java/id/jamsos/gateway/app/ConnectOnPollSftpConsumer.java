package id.jamsos.gateway.app;

import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFileProcessStrategy;
import org.apache.camel.component.file.remote.RemoteFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileOperations;
import org.apache.camel.component.file.remote.SftpConsumer;
import org.apache.camel.component.file.remote.SftpRemoteFile;

/**
 * An agency's SFTP consumer (intake, archive retention, completion markers) that signs in at its first
 * poll rather than while its route starts. Camel's SftpConsumer connects in {@code doStart} to create its
 * folder (autoCreate), on the thread that starts the route: the gateway's start, or a reload of
 * agencies.yaml. That was three SSH handshakes per agency before the gateway was up, and with an agency's
 * server unreachable, three connect attempts per consumer, a second apart. The first poll creates the
 * folder all the same (RemoteFileConsumer#prePollCheck, autoCreate), and says a failed login the way every
 * later poll does (the intake's SftpConnectionWatch), so nothing is lost by waiting for it.
 */
final class ConnectOnPollSftpConsumer extends SftpConsumer {

    /** The thread running {@link #doStart}: only there is the folder's creation left to the first poll. */
    private volatile Thread starting;

    ConnectOnPollSftpConsumer(RemoteFileEndpoint<SftpRemoteFile> endpoint, Processor processor,
                              RemoteFileOperations<SftpRemoteFile> operations,
                              GenericFileProcessStrategy<SftpRemoteFile> processStrategy) {
        super(endpoint, processor, operations, processStrategy);
    }

    @Override
    protected void doStart() throws Exception {
        starting = Thread.currentThread();
        try {
            super.doStart();
        } finally {
            starting = null;
        }
    }

    /**
     * SftpConsumer#doStart connects only when there is a folder to create: there it is told there is none.
     * Every other caller, the first poll's autoCreate on the scheduler's thread included, gets the truth.
     */
    @Override
    protected boolean hasStartingDirectory() {
        return starting != Thread.currentThread() && super.hasStartingDirectory();
    }
}
