package id.jamsos.gateway.security;

import id.jamsos.gateway.demo.DemoEnvironment;
import id.jamsos.gateway.demo.SampleSummary;
import id.jamsos.gateway.demo.SampleWorkers;
import id.jamsos.gateway.ledger.FileInfo;
import id.jamsos.gateway.ledger.RowState;
import id.jamsos.gateway.routes.GatewayFixture;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker is a trust boundary: after a file went through it every way a job can (queued by the
 * intake, parked while BPJS failed, queued again by a replay), neither a message on a queue nor any
 * byte of the broker's KahaDB store on disk holds a worker's NIK, name, birth date, phone or address.
 * Before jobs were sealed, the journal held every accepted row of the file in the clear.
 */
class BrokerCarriesNoPersonalDataTest {

    static final String TOKEN = "broker-pii-test-token";

    @TempDir
    Path dir;

    @Test
    void noPersonalDataInAnyBrokerMessageNorInTheKahaDbFiles() throws Exception {
        String agency = DemoEnvironment.KEY_AGENCY;
        Path sample = dir.resolve("workers.csv");
        SampleSummary expected = SampleWorkers.generate(sample, 30, 41L, 10);
        Path env = dir.resolve("env");
        List<String> secrets;
        try (GatewayFixture fx = GatewayFixture.start(env, Map.of("jamsos.ops.token", TOKEN,
                "jamsos.delivery.maxAttempts", "2", "jamsos.breaker.windowCalls", "1000",
                "jamsos.breaker.minimumCalls", "1000", "jamsos.delivery.redeliveryDelayMs", "20"))) {
            assertThat(fx.env.broker().durableOnDisk()).as("the embedded broker keeps a KahaDB store").isTrue();
            // BPJS failing: every job ends on the parked queue.
            fx.env.simulator().faults().errorRate(1.0);
            fx.upload(agency, sample, "workers.csv");
            FileInfo file = fx.awaitFinal(agency, "workers.csv", Duration.ofSeconds(60));
            assertThat(fx.gateway.ledger().rowCounts(file.id()).get(RowState.PARKED)).isEqualTo(expected.expectedAccepted());

            String parkedQueue = fx.props.get("jamsos.queue.parked");
            List<Message> parked = browse(fx, parkedQueue);
            assertThat(parked).isNotEmpty();
            for (Message m : parked) {
                assertThat(m).isInstanceOf(TextMessage.class);
                assertThat(((TextMessage) m).getText()).startsWith("enc:");
            }

            // The operator replays; BPJS answers now.
            fx.env.simulator().faults().errorRate(0.0);
            HttpResponse<String> replay = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + fx.env.httpPort() + "/ops/files/" + file.id() + "/replay"))
                    .header("Authorization", "Bearer " + TOKEN).header("X-Jamsos-Confirm", "replay").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(replay.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                    fx.gateway.ledger().rowCounts(file.id()).get(RowState.ENROLLED) == expected.expectedAccepted());

            List<String> niks = fx.enrolledNiks(file.id());
            assertThat(niks).hasSize(expected.expectedAccepted());
            secrets = personalValues(sample, new HashSet<>(niks));

            // Every message still on the broker, body and properties.
            List<Message> all = new ArrayList<>(browse(fx, parkedQueue));
            all.addAll(browse(fx, fx.props.get("jamsos.queue.enrollment")));
            all.addAll(browse(fx, "DLQ." + fx.props.get("jamsos.queue.enrollment")));
            for (Message m : all) {
                String text = m instanceof TextMessage t ? t.getText() : String.valueOf(m.getBody(Object.class));
                StringBuilder props = new StringBuilder();
                for (Object name : Collections.list(m.getPropertyNames())) {
                    props.append(name).append('=').append(m.getObjectProperty((String) name)).append('\n');
                }
                for (String secret : secrets) {
                    assertThat(text).doesNotContain(secret);
                    assertThat(props.toString()).doesNotContain(secret);
                }
            }
        }

        // The broker is stopped: everything it wrote is on disk, consumed messages included (the
        // journal is append-only and is cleaned up only later, a data file at a time).
        Path kahaDb = env.resolve("broker").resolve("kahadb");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(kahaDb)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(p -> p.getFileName().toString().endsWith(".log"));
        long bytes = 0;
        for (Path f : files) {
            byte[] content = Files.readAllBytes(f);
            bytes += content.length;
            String asText = new String(content, StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(asText).as("%s holds personal data of a worker", kahaDb.relativize(f))
                        .doesNotContain(new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            }
        }
        System.out.println("[security] " + files.size() + " KahaDB files, " + bytes + " bytes, scanned for "
                + secrets.size() + " personal values of " + expected.expectedAccepted() + " workers: none found");
    }

    private static List<Message> browse(GatewayFixture fx, String queue) throws Exception {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(fx.env.broker().brokerUrl());
        try (Connection c = cf.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = s.createBrowser(s.createQueue(queue));
            List<Message> out = new ArrayList<>();
            Enumeration<?> e = browser.getEnumeration();
            while (e.hasMoreElements()) {
                out.add((Message) e.nextElement());
            }
            return out;
        }
    }

    /** NIK, name, birth date (as the file and as BPJS gets it), phone and address of the given workers. */
    private static List<String> personalValues(Path csv, Set<String> niks) throws Exception {
        List<String> values = new ArrayList<>();
        DateTimeFormatter dmy = DateTimeFormatter.ofPattern("dd/MM/yyyy");
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            r.mark(1);
            if (r.read() != '\uFEFF') {
                r.reset();
            }
            for (CSVRecord rec : CSVFormat.RFC4180.builder().setDelimiter(';').setHeader().setSkipHeaderRecord(true)
                    .get().parse(r)) {
                if (!niks.contains(rec.get("NIK"))) {
                    continue;
                }
                values.add(rec.get("NIK"));
                values.add(rec.get("NAMA"));
                values.add(rec.get("TGL_LAHIR"));
                values.add(LocalDate.parse(rec.get("TGL_LAHIR"), dmy).toString());
                values.add(rec.get("NO_HP"));
                values.add(rec.get("ALAMAT"));
            }
        }
        assertThat(values).hasSize(niks.size() * 6);
        // A cell the generator left empty (no phone, say) is nothing to look for.
        return values.stream().filter(v -> v.strip().length() >= 4).toList();
    }
}
