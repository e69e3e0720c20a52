package id.jamsos.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Camel left to its default reads an environment variable named after a key in place of the value the
 * gateway gave it. PATH is in every test process's environment: the key "path" stands for any setting.
 */
class CheckedSettingsTest {

    @Test
    void camelTakesTheGivenValueAndNotTheEnvironmentsWithIt() {
        assertThat(System.getenv("PATH")).as("the test needs PATH in its environment").isNotBlank();
        Properties given = new Properties();
        given.setProperty("path", "as-checked");

        assertThat(resolve(given, false, "{{path}}")).as("Camel's default").isEqualTo(System.getenv("PATH"));
        assertThat(resolve(given, true, "{{path}}")).isEqualTo("as-checked");
    }

    @Test
    void aJavaSystemPropertyDoesNotReplaceTheGivenValue() {
        String key = "jamsos.checked.settings.test";
        Properties given = new Properties();
        given.setProperty(key, "as-checked");
        System.setProperty(key, "from-the-command-line");
        try {
            assertThat(resolve(given, false, "{{" + key + "}}")).as("Camel's default").isEqualTo("from-the-command-line");
            assertThat(resolve(given, true, "{{" + key + "}}")).isEqualTo("as-checked");
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void aKeyNoSettingNamesIsNotFoundInTheEnvironment() {
        assertThatThrownBy(() -> resolve(new Properties(), true, "{{path}}")).hasMessageContaining("path");
    }

    private static String resolve(Properties given, boolean checkedOnly, String placeholder) {
        CamelContext context = new DefaultCamelContext();
        try {
            context.getPropertiesComponent().setInitialProperties(given);
            if (checkedOnly) {
                CheckedSettings.only((PropertiesComponent) context.getPropertiesComponent());
            }
            context.start();
            return context.resolvePropertyPlaceholders(placeholder);
        } finally {
            context.stop();
        }
    }
}
