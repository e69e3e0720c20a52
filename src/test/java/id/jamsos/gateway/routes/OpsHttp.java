package id.jamsos.gateway.routes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A small HTTP client for the /ops endpoints of a gateway on loopback. */
final class OpsHttp {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    OpsHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String authorization, String confirm) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (confirm != null) {
            b.header("X-Jamsos-Confirm", confirm);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Any request: headers given as name, value, name, value, ...; a null body sends none. */
    HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs in through the form; the session cookie as a {@code Cookie} header value. */
    String login(String token) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", "/ops/login", "token=" + java.net.URLEncoder.encode(token,
                StandardCharsets.UTF_8), "Content-Type", "application/x-www-form-urlencoded");
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow(() ->
                new AssertionError("no session cookie: " + r.statusCode() + " " + r.body()));
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** The anti-forgery token the status page carries for this session. */
    String csrfToken(String cookie) throws IOException, InterruptedException {
        String page = send("GET", "/ops", null, "Cookie", cookie).body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<meta name=\"jamsos-csrf\" content=\"([^\"]+)\">")
                .matcher(page);
        if (!m.find()) {
            throw new AssertionError("no CSRF token on the page");
        }
        return m.group(1);
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
