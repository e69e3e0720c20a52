package id.jamsos.gateway.app;

import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.Processor;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.remote.RemoteFileConsumer;
import org.apache.camel.component.file.remote.SftpComponent;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.spi.annotations.Component;

/**
 * One agency's SFTP component, added by {@link AgencyRoutes} under the scheme {@code sftp-<agency id>}: every
 * endpoint made with it (the intake's poller, the report writer, the archive retention, the completion-marker
 * reads) signs in with the agency's login and checks the server's host key against its known_hosts. The login
 * is written here once instead of in every endpoint of the route templates, and set on each endpoint's
 * configuration in Java rather than through its URI: a password may hold any character (one with ")&" broke
 * the {@code RAW(...)} Camel wraps secrets in), and no endpoint URI, log line or JMX name carries it.
 *
 * <p>Set after the URI's own options ({@link #afterPropertiesSet}), so no route can loosen the host key
 * check or sign in as someone else. Its consumers sign in at their first poll, not while their route
 * starts ({@link ConnectOnPollSftpConsumer}).
 */
// The name Camel finds the generated sftp option binders by (DefaultComponent reads it from this annotation,
// which subclasses do not inherit); the scheme itself is the one the component is added under.
@Component("sftp")
public final class AgencySftpComponent extends SftpComponent {

    private final String user;
    private final String password;
    private final Path privateKeyFile;
    private final Path knownHostsFile;
    private final boolean strictHostKeyChecking;

    /**
     * @param password       null with key authentication
     * @param privateKeyFile null with password authentication
     */
    public AgencySftpComponent(String user, String password, Path privateKeyFile, Path knownHostsFile,
                               boolean strictHostKeyChecking) {
        this.user = user;
        this.password = password;
        this.privateKeyFile = privateKeyFile;
        this.knownHostsFile = knownHostsFile;
        this.strictHostKeyChecking = strictHostKeyChecking;
    }

    @Override
    protected GenericFileEndpoint<SftpRemoteFile> buildFileEndpoint(String uri, String remaining,
                                                                  Map<String, Object> parameters) throws Exception {
        // The stock endpoint's configuration (parsed from the URI as Camel does it), on an endpoint whose
        // consumers connect when they poll.
        SftpConfiguration configuration = ((SftpEndpoint) super.buildFileEndpoint(uri, remaining, parameters))
                .getConfiguration();
        return new ConnectOnPollEndpoint(uri, this, configuration);
    }

    @Override
    protected void afterPropertiesSet(GenericFileEndpoint<SftpRemoteFile> endpoint) throws Exception {
        super.afterPropertiesSet(endpoint);
        SftpConfiguration login = ((SftpEndpoint) endpoint).getConfiguration();
        login.setUsername(user);
        if (privateKeyFile != null) {
            login.setPrivateKeyFile(privateKeyFile.toString());
        } else {
            login.setPassword(password);
        }
        login.setKnownHostsFile(knownHostsFile.toString());
        login.setStrictHostKeyChecking(strictHostKeyChecking ? "yes" : "no");
        // The gateway's own ~/.ssh/known_hosts must not vouch for an agency's server.
        login.setUseUserKnownHostsFile(false);
        login.setBinary(true);
    }

    /** The stock endpoint but for its consumers, which connect at their first poll. */
    static final class ConnectOnPollEndpoint extends SftpEndpoint {

        ConnectOnPollEndpoint(String uri, AgencySftpComponent component, SftpConfiguration configuration) {
            super(uri, component, configuration);
        }

        @Override
        protected RemoteFileConsumer<SftpRemoteFile> buildConsumer(Processor processor) {
            return new ConnectOnPollSftpConsumer(this, processor, createRemoteFileOperations(),
                    getProcessStrategy() != null ? getProcessStrategy() : createGenericFileStrategy());
        }
    }
}
