package id.jamsos.gateway.cli;

import id.jamsos.gateway.app.ConfigCheck;
import id.jamsos.gateway.app.Gateway;
import id.jamsos.gateway.app.GatewayProperties;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The production gateway: reads config/, then runs until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the gateway with the configuration in --config (application.properties, agencies.yaml).")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", defaultValue = "config", description = "configuration folder (default: ${DEFAULT-VALUE})")
    Path config;

    @Override
    public Integer call() throws Exception {
        GatewayProperties props = GatewayProperties.load(config.resolve("application.properties"), System::getenv);
        List<String> problems = ConfigCheck.problems(props);
        if (!problems.isEmpty()) {
            System.err.println("Configuration " + config + " has problems; the gateway did not start:");
            problems.forEach(p -> System.err.println("  - " + p));
            return 2;
        }
        // An absolute path is taken as it is; a relative one names a file in the config folder.
        Path configured = Path.of(props.get("jamsos.agencies.file"));
        Path agenciesFile = configured.isAbsolute() ? configured : config.resolve(configured.getFileName());
        AgencyRegistry agencies;
        try {
            agencies = AgencyRegistry.load(agenciesFile, System::getenv);
        } catch (ConfigException e) {
            System.err.println("Configuration " + agenciesFile + " has problems; the gateway did not start:");
            e.problems().forEach(p -> System.err.println("  - " + p));
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Gateway gateway = Gateway.start(props, agencies, agenciesFile);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "jamsos-shutdown"));
        stopped.await();
        return 0;
    }
}
