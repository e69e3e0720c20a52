package id.jamsos.gateway.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files an operator installs from hold every key of {@link ProductionSettings}: the table in
 * docs/operations.md, the systemd unit's header (secrets.env), the Kubernetes Secret (secrets) and
 * ConfigMap (settings), and the sample config/application.properties. Before this test the PII keys
 * were in none of them, and the gateway they described could not start.
 */
class ProductionSettingsDocumentedTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8);
    }

    private static List<ProductionSettings.Setting> secrets() {
        return ProductionSettings.ALL.stream().filter(ProductionSettings.Setting::secret).toList();
    }

    private static List<ProductionSettings.Setting> settings() {
        return ProductionSettings.ALL.stream().filter(s -> !s.secret()).toList();
    }

    /** The rows of the table under "## Production settings", by their first cell. */
    private static Set<String> documentedKeys(String operations) {
        int start = operations.indexOf("\n## Production settings\n");
        assertThat(start).as("docs/operations.md has a section \"## Production settings\"").isNotNegative();
        int end = operations.indexOf("\n## ", start + 1);
        String section = operations.substring(start, end < 0 ? operations.length() : end);
        Set<String> keys = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-zA-Z0-9.]+)` \\| `([A-Z0-9_]+)` \\|").matcher(section);
        while (row.find()) {
            assertThat(row.group(2)).as("environment variable of " + row.group(1))
                    .isEqualTo(GatewayProperties.envName(row.group(1)));
            keys.add(row.group(1));
        }
        return keys;
    }

    @Test
    void theOperationsTableListsExactlyTheCodesKeys() throws IOException {
        Set<String> inCode = new TreeSet<>(ProductionSettings.ALL.stream().map(ProductionSettings.Setting::key).toList());

        assertThat(documentedKeys(read("docs/operations.md"))).isEqualTo(inCode);
    }

    @Test
    void theSystemdHeaderListsEverySecretForSecretsEnv() throws IOException {
        String unit = read("deploy/systemd/jamsos-gateway.service");
        String header = unit.substring(0, unit.indexOf("[Unit]"));

        for (ProductionSettings.Setting s : secrets()) {
            assertThat(header).as("systemd header names " + s.env()).containsPattern("(?m)^#\\s+" + s.env() + "=");
        }
    }

    @Test
    void theKubernetesSecretHasEverySecretAndTheConfigMapEverySetting() throws IOException {
        String secret = read("deploy/kubernetes/secret.yaml");
        for (ProductionSettings.Setting s : secrets()) {
            assertThat(secret).as("secret.yaml has " + s.env()).containsPattern("(?m)^  " + s.env() + ": ");
        }
        String configMap = read("deploy/kubernetes/configmap.yaml");
        for (ProductionSettings.Setting s : settings()) {
            // An optional one may be there as a comment, showing how to set it.
            assertThat(configMap).as("configmap.yaml has " + s.key())
                    .containsPattern("(?m)^    (# )?" + Pattern.quote(s.key()) + "=");
        }
    }

    @Test
    void theSampleConfigHasEverySettingAndNamesTheVariableOfEverySecret() throws IOException {
        String sample = read("config/application.properties");
        for (ProductionSettings.Setting s : settings()) {
            assertThat(sample).as("application.properties has " + s.key())
                    .containsPattern("(?m)^(# )?" + Pattern.quote(s.key()) + "=");
        }
        for (ProductionSettings.Setting s : secrets()) {
            assertThat(sample).as("application.properties says where " + s.key() + " comes from")
                    .containsPattern("(?m)^# " + Pattern.quote(s.key()) + " -> " + s.env() + "\\b");
            // Never with a value in the file.
            assertThat(sample).doesNotContainPattern("(?m)^" + Pattern.quote(s.key()) + "=");
        }
    }

    @Test
    void everyKeyOfTheListIsASettingTheGatewayKnows() {
        Set<String> known = GatewayProperties.of(java.util.Map.of()).asProperties().stringPropertyNames();
        for (ProductionSettings.Setting s : ProductionSettings.ALL) {
            assertThat(known).as(s.key() + " in jamsos-defaults.properties").contains(s.key());
            assertThat(GatewayProperties.isSecret(s.key())).as(s.key() + " is masked in logs exactly when secret")
                    .isEqualTo(s.secret());
        }
    }

}
