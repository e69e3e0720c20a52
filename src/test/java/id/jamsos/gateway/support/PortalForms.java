package id.jamsos.gateway.support;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the portal tests do as a clerk's browser does, over real HTTP: sign in (the session cookie),
 * read the page's anti-forgery token, and upload a file as the upload form posts it (multipart, with the
 * token). {@code base} is the portal's address, http://127.0.0.1:PORT; the client must not follow
 * redirects (the login answers 303).
 */
public final class PortalForms {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private PortalForms() {
    }

    /**
     * Signs in: 303 and a session cookie that scripts cannot read, sent to the portal's pages only, never
     * from another site. Returns the cookie as a request sends it back ({@code name=value}).
     */
    public static String login(HttpClient http, String base, String user, String password) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/login")).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("login of %s: %s", user, r.body()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow(() ->
                new AssertionError("no portal session: " + r.statusCode() + " " + r.body()));
        assertThat(setCookie).contains("HttpOnly", "SameSite=Strict", "Path=/portal");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** The anti-forgery token the portal's page carries for this session. */
    public static String csrf(HttpClient http, String base, String cookie) throws Exception {
        String page = http.send(HttpRequest.newBuilder(URI.create(base + "/portal")).timeout(TIMEOUT)
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString()).body();
        return page.replaceAll("(?s).*name=\"csrf\" value=\"([A-Za-z0-9_-]+)\".*", "$1");
    }

    /** Posts the upload form (the token, then the file as {@code fileName}); 200, the page it answers with. */
    public static String upload(HttpClient http, String base, String cookie, String csrf, String fileName,
                                byte[] content) throws Exception {
        String boundary = "----portal" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf + "\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/portal/upload")).timeout(TIMEOUT)
                .header("Cookie", cookie).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
