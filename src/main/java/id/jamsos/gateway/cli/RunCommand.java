package id.jamsos.gateway.cli;

import id.jamsos.gateway.app.ConfigCheck;
import id.jamsos.gateway.app.DependencyCheck;
import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.app.ProductionSettings;
import id.jamsos.gateway.app.SftpSettingsCheck;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.config.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The production gateway: reads config/, then runs until stopped. Exit 2: the configuration has
 * problems (all listed); exit 3: the database or the broker does not answer (start again later).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the gateway with the configuration in --config (application.properties, agencies.yaml).")
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        GatewayProperties props = config.properties();
        PrintWriter err = spec.commandLine().getErr();
        Integer refused = config.configurationCheck("the gateway", props, ProductionSettings.GATEWAY, err);
        if (refused != null) {
            return refused;
        }
        // An absolute path is taken as it is; a relative one names a file in the config folder.
        Path configured = Path.of(props.get("jamsos.agencies.file"));
        Path agenciesFile = configured.isAbsolute() ? configured : config.resolve(configured.getFileName());
        AgencyRegistry agencies;
        try {
            agencies = AgencyRegistry.load(agenciesFile, System::getenv);
        } catch (ConfigException e) {
            err.println("Configuration " + agenciesFile + " has problems; the gateway did not start:");
            e.problems().forEach(p -> err.println("  - " + p));
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        // Production only: the demo and the tests build their agencies in code.
        List<String> unsafe = SftpSettingsCheck.problems(agencies);
        if (!unsafe.isEmpty()) {
            err.println("Configuration " + agenciesFile + " has problems; the gateway did not start:");
            unsafe.forEach(p -> err.println("  - " + p));
            err.flush();
            return ExitCodes.CONFIGURATION;
        }
        SftpSettingsCheck.warnings(agencies).forEach(w -> LOG.warn("configuration: {}", w));
        Integer unavailable = Preflight.dependencies("the gateway", props, ProductionSettings.GATEWAY, err);
        if (unavailable != null) {
            return unavailable;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Gateway gateway;
        try {
            gateway = Gateway.start(props, agencies, agenciesFile);
        } catch (Exception e) {
            // Both answered a moment ago; one went away while the gateway started. Still one line.
            if (!DependencyCheck.isUnavailable(e)) {
                throw e;
            }
            err.println("the gateway did not start: the database or the broker stopped answering while it started: "
                    + ConfigCheck.withoutPassword(String.valueOf(e.getMessage())) + " (exit 3: start again once it answers)");
            err.flush();
            return ExitCodes.DEPENDENCY_UNAVAILABLE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "jamsos-shutdown"));
        stopped.await();
        return 0;
    }
}
