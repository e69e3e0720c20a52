package id.jamsos.gateway.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The gateway's settings: built-in defaults, then {@code application.properties}, then environment
 * variables. Every key can be overridden by an environment variable named after it in upper case
 * with dots and dashes as underscores ({@code jamsos.bpjs.secret} -> {@code JAMSOS_BPJS_SECRET}),
 * so that secrets need never be written into the properties file (the names Camel's properties
 * component looks for too).
 * <p>
 * Read before Camel starts: the commands (the configuration check, preflight, {@code status},
 * {@code replay}, {@code statement}) need the values without Camel, and {@code run} checks them before
 * it starts anything. {@link Gateway} then hands them to Camel's properties component, where the
 * routes and the beans of {@link GatewayConfiguration} read them.
 */
public final class GatewayProperties {

    private static final String DEFAULTS = "/jamsos-defaults.properties";

    private final Properties values;

    private GatewayProperties(Properties values) {
        this.values = values;
    }

    /** Defaults, then the file when it exists, then the environment. */
    public static GatewayProperties load(Path propertiesFile, Function<String, String> env) throws IOException {
        Properties p = defaults();
        if (propertiesFile != null && Files.exists(propertiesFile)) {
            try (Reader r = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        for (String key : p.stringPropertyNames()) {
            String fromEnv = env.apply(envName(key));
            if (fromEnv != null) {
                p.setProperty(key, fromEnv);
            }
        }
        return new GatewayProperties(p);
    }

    /** Defaults with the given overrides on top: for the demo and tests. */
    public static GatewayProperties of(Map<String, String> overrides) {
        Properties p = defaults();
        overrides.forEach(p::setProperty);
        return new GatewayProperties(p);
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Properties defaults() {
        Properties p = new Properties();
        try (InputStream in = GatewayProperties.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("missing " + DEFAULTS + " on the classpath");
            }
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS, e);
        }
        return p;
    }

    public String get(String key) {
        String v = values.getProperty(key);
        if (v == null) {
            throw new IllegalArgumentException("missing setting " + key);
        }
        return v.trim();
    }

    public String get(String key, String fallback) {
        String v = values.getProperty(key);
        return v == null ? fallback : v.trim();
    }

    public int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    public long getLong(String key) {
        return Long.parseLong(get(key));
    }

    public boolean getBoolean(String key) {
        return Boolean.parseBoolean(get(key));
    }

    /** A copy of every setting, handed to Camel so routes can use {{placeholders}}. */
    public Properties asProperties() {
        Properties copy = new Properties();
        copy.putAll(values);
        return copy;
    }

    public GatewayProperties with(String key, String value) {
        Properties copy = asProperties();
        copy.setProperty(key, value);
        return new GatewayProperties(copy);
    }

    /** True for keys whose values must never be printed. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("secret") || k.contains("password") || k.contains("userkey")
                || k.contains("user-key") || k.endsWith(".key") || k.endsWith("signingkey") || k.contains("token") || k.startsWith("jamsos.pii.")
                || k.endsWith("hmackey");
    }
}
