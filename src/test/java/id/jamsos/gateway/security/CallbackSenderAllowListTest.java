package id.jamsos.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.jamsos.gateway.bpjs.BpjsSignature;
import id.jamsos.gateway.routes.GatewayExtension;
import id.jamsos.gateway.simulator.SimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 2: the optional allow-list of callback senders, over real HTTP. The gateway allows
 * 127.0.0.1 only; a request from 127.0.0.2 (another loopback address, so no second host is needed) is
 * refused with 403 and the usual envelope before its signature is even looked at, with a WARN that
 * names the address and nothing of the body; 127.0.0.1 is served as before.
 */
class CallbackSenderAllowListTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String NIK = "9271014501900001";

    @RegisterExtension
    static final GatewayExtension fx = GatewayExtension.withSettings(Map.of("jamsos.callback.allowedSenders", "127.0.0.1/32, 2001:db8::/32"));

    static String claimJson(String claimId) {
        return "{\"claimId\":\"" + claimId + "\",\"claimType\":\"JKM\",\"kpj\":\"12345678901\",\"nik\":\"" + NIK + "\","
                + "\"amount\":42000000,\"components\":[{\"code\":\"SANTUNAN\",\"amount\":42000000}],"
                + "\"paidAt\":\"2024-05-01T00:00:00Z\",\"beneficiary\":{\"name\":\"Ani\",\"relation\":\"ISTRI\"}}";
    }

    /** A signed POST of the claim from the given local address: status line's code and body. */
    static String[] post(String fromAddress, String claimId, boolean goodSignature) throws Exception {
        byte[] body = claimJson(claimId).getBytes(StandardCharsets.UTF_8);
        SimulatorConfig sim = fx.env().simulator().config();
        Map<String, String> headers = BpjsSignature.bodyHeaders(sim.callbackConsId(),
                goodSignature ? sim.callbackSecret() : "not-the-secret", null, System.currentTimeMillis() / 1000, body);
        URI url = URI.create(fx.env().callbackUrl(fx.props()));
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(fromAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", url.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder("POST " + url.getPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + url.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            String status = response.substring(response.indexOf(' ') + 1, response.indexOf(' ') + 4);
            int end = response.indexOf("\r\n\r\n");
            String responseHead = response.substring(0, end).toLowerCase(java.util.Locale.ROOT);
            String rest = response.substring(end + 4);
            return new String[] {status, responseHead.contains("transfer-encoding: chunked") ? dechunked(rest) : rest};
        }
    }

    /** A chunked body (Vert.x answers so) as one: size line, data, until the size 0. */
    static String dechunked(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int line = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, line).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, line + 2, line + 2 + size);
            at = line + 2 + size + 2;
        }
    }

    @Test
    void aSenderOutsideTheListIsRefusedWith403BeforeItsSignatureAndOneInsideIsServed() throws Exception {
        List<String> warnings = new ArrayList<>();
        AbstractAppender capture = new AbstractAppender("allow-list-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                synchronized (warnings) {
                    warnings.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
                }
            }
        };
        capture.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().addAppender(capture, null, null);
        ctx.updateLoggers();
        try {
            String[] outside = post("127.0.0.2", "OUTSIDE-1", true);
            String[] outsideBadSignature = post("127.0.0.2", "OUTSIDE-2", false);
            String[] inside = post("127.0.0.1", "INSIDE-1", true);
            String[] insideBadSignature = post("127.0.0.1", "INSIDE-2", false);

            for (String[] refused : List.of(outside, outsideBadSignature)) {
                assertThat(refused[0]).as(refused[1]).isEqualTo("403");
                JsonNode envelope = JSON.readTree(refused[1]);
                assertThat(envelope.path("metaData").path("code").asText()).isEqualTo("403");
                assertThat(envelope.path("metaData").path("message").asText()).contains(" / ").contains("127.0.0.2");
                assertThat(refused[1]).doesNotContain(NIK);
            }
            assertThat(inside[0]).as(inside[1]).isEqualTo("200");
            assertThat(JSON.readTree(inside[1]).path("response").path("status").asText()).isEqualTo("RECEIVED");
            // Inside the list, the signature still decides.
            assertThat(insideBadSignature[0]).isEqualTo("401");

            synchronized (warnings) {
                assertThat(warnings).filteredOn(w -> w.startsWith("WARN") && w.contains("403") && w.contains("127.0.0.2"))
                        .hasSize(2).allSatisfy(w -> assertThat(w).doesNotContain("OUTSIDE").doesNotContain(NIK)
                                .doesNotContain("42000000"));
            }
            assertThat(fx.drainFinanceQueues()).contains("claim-INSIDE-1").noneMatch(id -> id.contains("OUTSIDE"));
        } finally {
            ctx.getConfiguration().getRootLogger().removeAppender("allow-list-capture");
            ctx.updateLoggers();
            capture.stop();
        }
    }
}
