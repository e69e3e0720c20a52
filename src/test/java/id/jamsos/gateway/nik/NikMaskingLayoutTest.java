package id.jamsos.gateway.nik;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.ByteBufferDestination;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A line written through the gateway's own {@code log4j2.xml}, with each of its two appenders'
 * layouts (text and JSON), carries no full NIK wherever the NIK was: the message, a parameter, an
 * exception's message, its cause's, a suppressed exception's, an MDC value. The layouts are taken
 * from the configuration as Log4j built it and write into memory instead of the console, so the
 * test reads exactly the bytes the console would get.
 */
class NikMaskingLayoutTest {

    static final String IN_MESSAGE = "9271014507900001";
    static final String IN_PARAMETER = "9271014107900002";
    static final String IN_EXCEPTION = "9671010101900003";
    static final String IN_CAUSE = "9671010101900004";
    static final String IN_SUPPRESSED = "9671010101900005";
    static final String IN_MDC = "9671010101900006";
    /** Numbers that are not NIK-shaped, which the rule must leave alone. */
    static final String NOT_A_NIK = "KPJ 05K40081234, file 1234567890, 17 digits 96710101019000071";

    @ParameterizedTest(name = "appender {0}")
    @ValueSource(strings = {"text", "json"})
    void noFullNikReachesTheOutputOfTheConfiguredLayout(String appender) throws Exception {
        URI config = NikMaskingLayoutTest.class.getResource("/log4j2.xml").toURI();
        LoggerContext context = new LoggerContext("nik-masking-" + appender, null, config);
        try {
            context.start(new XmlConfiguration(context, ConfigurationSource.fromUri(config)));
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            writeThroughTheLayoutOf(context, appender, written);

            IllegalStateException thrown = new IllegalStateException("duplicate key (nik)=(" + IN_EXCEPTION + ")",
                    new RuntimeException("cause quoting " + IN_CAUSE));
            thrown.addSuppressed(new IllegalArgumentException("suppressed " + IN_SUPPRESSED));
            ThreadContext.put("jamsos.agency", "dinas-sosial");
            ThreadContext.put("jamsos.file", "upload-" + IN_MDC + ".csv");
            Logger log = context.getLogger("id.jamsos.gateway.test");
            try {
                log.error("row for NIK " + IN_MESSAGE + " failed, worker {}; " + NOT_A_NIK, IN_PARAMETER, thrown);
            } finally {
                ThreadContext.clearMap();
            }

            String out = written.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("failed, worker", "duplicate key", "cause quoting", "suppressed", NOT_A_NIK);
            for (String nik : new String[] {IN_MESSAGE, IN_PARAMETER, IN_EXCEPTION, IN_CAUSE, IN_SUPPRESSED, IN_MDC}) {
                assertThat(out).as("output of appender %s", appender)
                        .doesNotContain(nik).contains(NikMask.mask(nik));
            }
            if (appender.equals("json")) {
                JsonNode line = new ObjectMapper().readTree(out);
                assertThat(line.path("message").asText()).contains(NikMask.mask(IN_MESSAGE), NikMask.mask(IN_PARAMETER));
                assertThat(line.path("error.message").asText()).isEqualTo("duplicate key (nik)=(9671********0003)");
            }
        } finally {
            context.stop();
        }
    }

    /**
     * Log4j writes a line through the layout's {@code encode} (direct encoders, its default) or,
     * with {@code log4j2.enableDirectEncoders=false}, through {@code toByteArray}; the text layout
     * masks on a different path in each, and both must mask.
     */
    @ParameterizedTest(name = "appender {0}")
    @ValueSource(strings = {"text", "json"})
    void bothWaysALayoutWritesALineMask(String appender) throws Exception {
        URI config = NikMaskingLayoutTest.class.getResource("/log4j2.xml").toURI();
        LoggerContext context = new LoggerContext("nik-masking-ways-" + appender, null, config);
        try {
            context.start(new XmlConfiguration(context, ConfigurationSource.fromUri(config)));
            Layout<?> layout = context.getConfiguration().getAppender(appender).getLayout();
            LogEvent event = Log4jLogEvent.newBuilder()
                    .setLoggerName("id.jamsos.gateway.test")
                    .setLevel(Level.WARN)
                    .setMessage(new ParameterizedMessage("row for NIK {} failed", IN_PARAMETER))
                    .setThrown(new IllegalStateException("duplicate key " + IN_EXCEPTION))
                    .build();

            MemoryDestination encoded = new MemoryDestination();
            layout.encode(event, encoded);
            String[] ways = {encoded.text(), new String(layout.toByteArray(event), StandardCharsets.UTF_8)};
            for (String line : ways) {
                assertThat(line).contains("row for NIK", "duplicate key", NikMask.mask(IN_PARAMETER), NikMask.mask(IN_EXCEPTION))
                        .doesNotContain(IN_PARAMETER).doesNotContain(IN_EXCEPTION);
            }
        } finally {
            context.stop();
        }
    }

    /** What an appender's stream manager is to a layout, in memory. */
    private static final class MemoryDestination implements ByteBufferDestination {

        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);

        @Override
        public ByteBuffer getByteBuffer() {
            return buffer;
        }

        @Override
        public ByteBuffer drain(ByteBuffer full) {
            throw new IllegalStateException("a test line outgrew 64 KiB");
        }

        @Override
        public void writeBytes(ByteBuffer data) {
            buffer.put(data);
        }

        @Override
        public void writeBytes(byte[] data, int offset, int length) {
            buffer.put(data, offset, length);
        }

        String text() {
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The named appender's layout, as the configuration built it, behind an appender writing to
     * memory that replaces the root logger's console appenders.
     */
    private static void writeThroughTheLayoutOf(LoggerContext context, String name, ByteArrayOutputStream target) {
        Configuration configuration = context.getConfiguration();
        Appender configured = configuration.getAppender(name);
        Appender memory = OutputStreamAppender.newBuilder()
                .setName(name + "-in-memory")
                .setLayout(configured.getLayout())
                .setTarget(target)
                .build();
        memory.start();
        configuration.addAppender(memory);
        LoggerConfig root = configuration.getRootLogger();
        for (String ref : root.getAppenders().keySet()) {
            root.removeAppender(ref);
        }
        root.addAppender(memory, null, null);
        context.updateLoggers();
    }
}
