package id.jamsos.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simulator fire-claim}: asks a running simulator (its admin API, POST /sim/claims) to pay a
 * claim for an enrolled worker and call the gateway back with it, as BPJS does. The admin API
 * answers loopback callers only, so this runs on the simulator's machine.
 */
@Command(name = "fire-claim", mixinStandardHelpOptions = true,
        description = "Make a running simulator pay a claim and call the gateway back with it (docs/bpjs-api.md).")
public final class SimulatorClaimCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--simulator", defaultValue = "http://127.0.0.1:8089",
            description = "The running simulator (default ${DEFAULT-VALUE}).")
    String simulator;

    @Option(names = "--type", defaultValue = "JKM", description = "JKM (death, Rp 42,000,000) or JKK (work accident).")
    String type;

    @Option(names = "--nik", description = "The worker's NIK (default: --kpj, else the enrolled worker with the lowest KPJ).")
    String nik;

    @Option(names = "--kpj", description = "The worker's KPJ number.")
    String kpj;

    @Option(names = "--amount", defaultValue = "7500000", description = "JKK amount, whole rupiah (default ${DEFAULT-VALUE}).")
    long amount;

    @Option(names = "--callback-url", description = "The gateway's callback (default: the simulator's --callback-url).")
    String callbackUrl;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode().put("type", type).put("amount", amount);
        if (nik != null) {
            body.put("nik", nik);
        }
        if (kpj != null) {
            body.put("kpj", kpj);
        }
        if (callbackUrl != null) {
            body.put("callbackUrl", callbackUrl);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpResponse<String> answer;
        try {
            answer = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create(simulator.replaceAll("/+$", "") + "/sim/claims"))
                            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("fire-claim: no simulator at " + simulator + " (" + e.getMessage() + ")");
            return 2;
        }
        JsonNode reply = json.readTree(answer.body());
        if (answer.statusCode() != 200) {
            err.println("fire-claim: the simulator refused (HTTP " + answer.statusCode() + "): "
                    + reply.path("error").asText(answer.body()));
            return 2;
        }
        int status = reply.path("callbackStatus").asInt();
        out.printf("claim %s (%s, kpj %s, nik %s, Rp %,d) sent to %s: the gateway answered HTTP %d%n",
                reply.path("claimId").asText(), reply.path("claimType").asText(), reply.path("kpj").asText(),
                reply.path("nik").asText(), reply.path("amount").asLong(), reply.path("callbackUrl").asText(), status);
        out.flush();
        return status == 200 ? 0 : 1;
    }
}
