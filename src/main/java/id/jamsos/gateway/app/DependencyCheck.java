package id.jamsos.gateway.app;

import id.jamsos.gateway.support.BrokerTls;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.activemq.ActiveMQConnectionFactory;

/**
 * Asks the database and the broker whether they answer, before a command starts anything on them,
 * so that one that does not is said in one line naming it and its URL (any password removed)
 * instead of a stack trace from deep inside the connection pool. Two kinds of answer, because the
 * cure differs:
 * <ul>
 *   <li>{@link Kind#UNAVAILABLE}: nothing answered (refused, unknown host, timed out). Nothing is wrong
 *       with the gateway's settings; starting again later is the cure, which systemd and Kubernetes do
 *       on exit code 3.</li>
 *   <li>{@link Kind#REFUSED}: it answered and said no (wrong password, no such database). Restarting
 *       will not help: exit code 2, as for any configuration problem.</li>
 * </ul>
 */
public final class DependencyCheck {

    /** How long each of the database and the broker may take to answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    public enum Kind { UNAVAILABLE, REFUSED }

    /** One dependency that did not let the command in: {@code line} says which, where and why. */
    public record Failure(Kind kind, String line) {
    }

    private DependencyCheck() {
    }

    /** The failures of the database and the broker, when {@code parts} use them; empty when both answer. */
    public static List<Failure> check(GatewayProperties props, Set<ProductionSettings.Part> parts) {
        List<Failure> failures = new ArrayList<>();
        if (parts.contains(ProductionSettings.Part.LEDGER)) {
            database(props, TIMEOUT).ifPresent(failures::add);
        }
        if (parts.contains(ProductionSettings.Part.BROKER)) {
            broker(props, TIMEOUT).ifPresent(failures::add);
        }
        return failures;
    }

    static Optional<Failure> database(GatewayProperties props, Duration timeout) {
        String url = props.get("jamsos.ledger.url");
        String where = "the database (ledger) at " + ConfigCheck.withoutPassword(url);
        Properties login = new Properties();
        login.setProperty("user", props.get("jamsos.ledger.user", ""));
        // Left out when empty, as LedgerDataSource does: PostgreSQL then reads ~/.pgpass.
        String password = props.get("jamsos.ledger.password", "");
        if (!password.isEmpty()) {
            login.setProperty("password", password);
        }
        if (url.startsWith("jdbc:postgresql:")) {
            long seconds = Math.max(1, timeout.toSeconds());
            login.setProperty("connectTimeout", String.valueOf(seconds));
            login.setProperty("loginTimeout", String.valueOf(seconds));
            login.setProperty("socketTimeout", String.valueOf(seconds));
        }
        try (java.sql.Connection c = DriverManager.getConnection(url, login)) {
            return Optional.empty();
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            // The server answered and said no (28: wrong user or password; 3D: no such database), or
            // an H2 file is held by another process (90020): only a person can fix these.
            if (state.startsWith("28") || state.startsWith("3D")) {
                return Optional.of(new Failure(Kind.REFUSED, where + " refused the gateway: " + oneLine(e)
                        + "; check jamsos.ledger.user, JAMSOS_LEDGER_PASSWORD and that the database was created"
                        + " (docs/operations.md, Production settings)"));
            }
            if (state.equals("90020")) {
                return Optional.of(new Failure(Kind.REFUSED, where + " is open in another process: "
                        + oneLine(e)));
            }
            return Optional.of(new Failure(Kind.UNAVAILABLE, where + " does not answer: " + oneLine(e)));
        }
    }

    static Optional<Failure> broker(GatewayProperties props, Duration timeout) {
        String url = props.get("jamsos.broker.url");
        String where = "the broker at " + ConfigCheck.withoutPassword(url);
        BrokerTls tls = Gateway.brokerTls(props);
        // First a handshake of our own: the ActiveMQ client reports a refused one as whichever of its
        // threads noticed first ("outbound has closed"), and a failover: URL retries it for ever.
        if (BrokerTls.usesTls(url)) {
            Optional<String> refused = tls.handshakeFailure(url, (int) timeout.toMillis());
            if (refused.isPresent()) {
                return Optional.of(tlsRefused(where, refused.get()));
            }
        }
        ActiveMQConnectionFactory factory = tls.connectionFactory(url,
                props.get("jamsos.broker.user", ""), props.get("jamsos.broker.password", ""));
        AtomicReference<Connection> opened = new AtomicReference<>();
        // A failover: URL retries for ever on its own, so the answer is awaited on another thread.
        ExecutorService asker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jamsos-broker-check");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> answer = asker.submit(() -> {
                Connection c = factory.createConnection();
                opened.set(c);
                c.start();
                c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE).close();
                return null;
            });
            answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of(new Failure(Kind.UNAVAILABLE, where + " does not answer within "
                    + timeout.toSeconds() + " s"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof JMSSecurityException) {
                return Optional.of(new Failure(Kind.REFUSED, where + " refused the gateway's login: "
                        + oneLine(cause) + "; check jamsos.broker.user and JAMSOS_BROKER_PASSWORD"));
            }
            // The broker answered but the TLS handshake failed: its certificate is not trusted (or
            // names another host), or it wants a client certificate. Restarting will not help.
            if (isTlsRefusal(cause)) {
                return Optional.of(tlsRefused(where, oneLine(cause)));
            }
            return Optional.of(new Failure(Kind.UNAVAILABLE, where + " does not answer: " + oneLine(cause)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Failure(Kind.UNAVAILABLE, where + ": interrupted while waiting for it"));
        } finally {
            Connection c = opened.get();
            if (c != null) {
                // Also stops a failover transport still trying to reconnect in the background.
                try {
                    c.close();
                } catch (JMSException | RuntimeException ignored) {
                    // it never fully opened: nothing to give back
                }
            }
            asker.shutdownNow();
        }
    }

    private static Failure tlsRefused(String where, String why) {
        return new Failure(Kind.REFUSED, where + ": TLS handshake failed: " + tidy(why)
                + "; check " + BrokerTls.TRUST_STORE + " (it must trust the broker's certificate, whose name must be"
                + " the URL's host) and, if the broker asks for one, " + BrokerTls.KEY_STORE);
    }

    private static boolean isTlsRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException
                    || t instanceof java.security.cert.CertificateException) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code failure} (or a cause) says a database or broker could not be reached, for a
     * start that failed after the check passed (the dependency went away in between).
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof UnknownHostException || t instanceof SocketTimeoutException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08"))) {
                return true;
            }
        }
        return false;
    }

    /** The failure's own message (or its innermost cause's), on one line, with any URL password removed. */
    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return tidy(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    }

    private static String tidy(String text) {
        String message = text;
        // "Reason: java.net.ConnectException: Connection refused" reads better without the class name.
        message = message.replaceAll("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error): ", "");
        return ConfigCheck.withoutPassword(message.replaceAll("\\s+", " ").trim());
    }
}
