package id.jamsos.gateway.routes;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log event of the JVM while attached, as text: the formatted message, the MDC and the whole
 * stack trace of any throwable, which is what a log file would hold.
 */
final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();

    private LogCapture() {
        super("jamsos-log-capture", null, null, true, Property.EMPTY_ARRAY);
    }

    static LogCapture attach() {
        LogCapture capture = new LogCapture();
        capture.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.addAppender(capture);
        // Every logger that does not only add to its parent gets the appender, whatever its level.
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.addAppender(capture, null, null);
        }
        config.getRootLogger().addAppender(capture, null, null);
        ctx.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder b = new StringBuilder();
        b.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(" - ")
                .append(event.getMessage().getFormattedMessage()).append(' ')
                .append(event.getContextData().toMap());
        if (event.getThrown() != null) {
            StringWriter w = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(w));
            b.append('\n').append(w);
        }
        synchronized (lines) {
            lines.add(b.toString());
        }
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        for (LoggerConfig logger : config.getLoggers().values()) {
            logger.removeAppender(getName());
        }
        config.getRootLogger().removeAppender(getName());
        ctx.updateLoggers();
        stop();
    }
}
