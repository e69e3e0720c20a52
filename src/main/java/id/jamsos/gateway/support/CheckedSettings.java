package id.jamsos.gateway.support;

import org.apache.camel.component.properties.PropertiesComponent;

/**
 * Camel resolves {{placeholders}} from the settings {@code run} checked and logged, and from nothing
 * else. {@code GatewayProperties.load} has already applied the environment (JAMSOS_BPJS_URL for
 * jamsos.bpjs.url) to every key the defaults or the operator's file name, because the start checks
 * need the values before Camel starts. Camel's own lookup of the environment would then only do harm:
 * its default reads the raw variable again at every lookup and undoes what the gateway derives from a
 * value (jamsos.bpjs.url without its trailing slash, values trimmed), and its fallback finds keys no
 * check, log line or budget account listing ever saw. Java system properties are kept out for the
 * same reason.
 */
public final class CheckedSettings {

    private CheckedSettings() {
    }

    public static void only(PropertiesComponent properties) {
        properties.setEnvironmentVariableMode(PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_NEVER);
        // Likewise a -Djamsos.x=... (JAVA_TOOL_OPTIONS) would replace a checked value at every lookup.
        properties.setSystemPropertiesMode(PropertiesComponent.SYSTEM_PROPERTIES_MODE_NEVER);
    }
}
