package id.jamsos.gateway.nik;

import java.util.Map;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.StringLayout;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginConfiguration;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.impl.LocationAware;
import org.apache.logging.log4j.core.layout.AbstractStringLayout;
import org.apache.logging.log4j.core.layout.ByteBufferDestination;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * The safety net behind {@link NikMask}: a layout around the configured one (pattern or JSON
 * template) that masks every NIK-shaped run in the finished line, in {@code log4j2.xml}:
 * <pre>{@code <NikMaskingLayout><PatternLayout pattern="..."/></NikMaskingLayout>}</pre>
 *
 * <p>The code masks a NIK where it logs one; this catches what it missed. It works on the rendered
 * line rather than on the event's message because a NIK also arrives in an exception's message, a
 * cause's, a suppressed exception's, an MDC value (a file name) or a parameter's {@code toString},
 * and the line is the only place where all of them are text. The cost is one scan of the line,
 * which changes and allocates nothing when there is no run to mask: the text format keeps Log4j's
 * garbage-free path (the line is built, scanned and encoded in the same reused buffer); the JSON
 * template layout offers no such hook, so its lines go through a String, as Log4j does for it when
 * direct encoding is off.
 *
 * <p>A control character just before a NIK, which the JSON layout writes as a backslash, {@code u}
 * and four hexadecimal digits, can make the NIK part of a longer digit run, which is left alone;
 * the code's own masking covers that case.
 */
@Plugin(name = "NikMaskingLayout", category = Node.CATEGORY, elementType = Layout.ELEMENT_TYPE, printObject = true)
public final class NikMaskingLayout extends AbstractStringLayout {

    private final StringLayout inner;

    private NikMaskingLayout(Configuration config, StringLayout inner) {
        super(config, inner.getCharset(), null, null);
        this.inner = inner;
    }

    /** Called by Log4j for the element in the configuration; the one nested layout is wrapped. */
    @PluginFactory
    public static NikMaskingLayout createLayout(@PluginConfiguration Configuration config,
                                                @PluginElement("Layout") Layout<?> layout) {
        if (!(layout instanceof StringLayout text)) {
            // Log4j's convention: a plugin that cannot be built reports why and returns null, and
            // the configuration names the appender left without a layout.
            LOGGER.error("NikMaskingLayout needs one nested text layout (PatternLayout, JsonTemplateLayout), got {}",
                    layout);
            return null;
        }
        return new NikMaskingLayout(config, text);
    }

    @Override
    public String toSerializable(LogEvent event) {
        return NikMask.scrub(inner.toSerializable(event));
    }

    /** How an appender writes a line when Log4j encodes directly (its default). */
    @Override
    public void encode(LogEvent event, ByteBufferDestination destination) {
        if (!(inner instanceof PatternLayout pattern)) {
            super.encode(event, destination);
            return;
        }
        StringBuilder line = getStringBuilder();
        pattern.serialize(event, line);
        NikMask.scrubInPlace(line);
        getStringBuilderEncoder().encode(line, destination);
        trimToMaxSize(line);
    }

    @Override
    public boolean requiresLocation() {
        return inner instanceof LocationAware aware && aware.requiresLocation();
    }

    @Override
    public byte[] getHeader() {
        return inner.getHeader();
    }

    @Override
    public byte[] getFooter() {
        return inner.getFooter();
    }

    @Override
    public String getContentType() {
        return inner.getContentType();
    }

    @Override
    public Map<String, String> getContentFormat() {
        return inner.getContentFormat();
    }

    @Override
    public String toString() {
        return "NikMaskingLayout[" + inner + "]";
    }
}
