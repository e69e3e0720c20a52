package id.jamsos.gateway.ops;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Renders the /ops pages from their templates (src/main/resources/ops/*.mustache) with mustache.java,
 * the engine Camel's own mustache component wraps. It escapes every {@code {{value}}} for HTML
 * ({@code & < > " ' = `}), so an agency's name, a file name or an error text is shown as
 * text wherever a template puts it; only {@code {{{style}}}} and {@code {{{script}}}}, the page's own
 * files from the jar, are placed unescaped. The templates are compiled once, when this is made: a
 * broken one stops the gateway at start, not an operator's request.
 */
public final class OpsTemplates {

    private final Map<String, Mustache> templates;

    public OpsTemplates() {
        DefaultMustacheFactory factory = new DefaultMustacheFactory("ops");
        this.templates = Map.of("status", factory.compile("status.mustache"),
                "login", factory.compile("login.mustache"), "workers", factory.compile("workers.mustache"));
    }

    public String render(OpsView view) {
        Mustache template = templates.get(view.template());
        if (template == null) {
            throw new IllegalArgumentException("no template ops/" + view.template() + ".mustache");
        }
        StringWriter html = new StringWriter(16_384);
        try {
            template.execute(html, view).flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return html.toString();
    }
}
