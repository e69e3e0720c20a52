package id.jamsos.gateway.embedded;

import java.net.URI;
import java.nio.file.Path;
import org.apache.activemq.ActiveMQConnectionMetaData;
import org.apache.activemq.broker.BrokerFactory;
import org.apache.activemq.broker.BrokerService;

/**
 * The broker process of {@link BrokerProcess}: loads an activemq.xml the way the ActiveMQ
 * distribution does (Spring XML with ActiveMQ's xbean schema; {@code activemq.conf} and
 * {@code activemq.data} as system properties), starts it, says so on standard output, and runs
 * until killed or until its parent closes standard input (so a test JVM that dies leaves no broker).
 */
public final class StandaloneBrokerMain {

    static final String STARTED = "STANDALONE BROKER STARTED";

    private StandaloneBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path xml = Path.of(args[0]).toAbsolutePath();
        BrokerService broker = BrokerFactory.createBroker(new URI("xbean:" + xml.toUri()), true);
        if (!broker.waitUntilStarted(60_000)) {
            System.err.println("broker did not start within 60 s");
            System.exit(3);
        }
        System.out.println(STARTED + " " + broker.getBrokerName() + " pid " + ProcessHandle.current().pid()
                + " ActiveMQ " + ActiveMQConnectionMetaData.PROVIDER_VERSION);
        System.out.flush();
        while (System.in.read() != -1) {
            // Only the end of the input matters.
        }
        broker.stop();
        broker.waitUntilStopped();
        System.exit(0);
    }
}
