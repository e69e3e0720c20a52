package id.jamsos.gateway.notify;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * The HTTP client camel-whatsapp is given (its {@code client} option), for two defects of camel-whatsapp
 * 4.18's producer (docs/notifications.md, "camel-whatsapp"):
 * <ul>
 *   <li>it sets no timeout on its requests, so an API that accepts the connection and never answers holds the
 *       exchange for ever: here each request gets {@code requestTimeout};</li>
 *   <li>it completes the exchange only when an answer arrives: a refused connection or a timeout completes the
 *       JDK client's future exceptionally, its callback is never called, and the exchange (and the route's
 *       thread) waits for ever. Here such a failure becomes an answer with the cause as its body, which the
 *       producer turns into an exception like any 5xx: status 599 when the request provably never left
 *       (retried), 598 when it may have been accepted and only the answer was lost (UNCERTAIN, never
 *       sent again by itself).</li>
 * </ul>
 * Everything else is the JDK client's.
 */
public final class BoundedHttpClient extends HttpClient {

    /**
     * Not an HTTP status a server sends: the request provably never left (connection refused, connect timeout,
     * unknown host). Safe to send again: retried like a 429.
     */
    public static final int NO_ANSWER = 599;

    /**
     * Not an HTTP status a server sends: the request may have reached the API, but its answer was lost (a
     * response timeout, a connection reset after sending). Meta may have accepted the message: never sent
     * again by itself, the row goes UNCERTAIN for the webhook or an operator.
     */
    public static final int ANSWER_LOST = 598;

    private final HttpClient delegate;
    private final Duration requestTimeout;

    public BoundedHttpClient(Duration connectTimeout, Duration requestTimeout) {
        this.delegate = HttpClient.newBuilder().connectTimeout(connectTimeout).version(Version.HTTP_1_1).build();
        this.requestTimeout = requestTimeout;
    }

    private HttpRequest bounded(HttpRequest request) {
        return request.timeout().isPresent() ? request
                : HttpRequest.newBuilder(request, (name, value) -> true).timeout(requestTimeout).build();
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return delegate.send(bounded(request), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        HttpRequest r = bounded(request);
        // A second bound in case the request's own timeout does not fire (it covers the answer's headers only).
        return delegate.sendAsync(r, handler)
                .orTimeout(requestTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS)
                .handle((answer, failure) -> answer != null ? answer : noAnswer(r, handler, failure));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> push) {
        return sendAsync(request, handler);
    }

    /** A synthetic 599 answer whose body (through the caller's own body handler) names the failure. */
    private static <T> HttpResponse<T> noAnswer(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        int status = neverSent(cause) ? NO_ANSWER : ANSWER_LOST;
        String text = (status == NO_ANSWER ? "not sent: " : "answer lost: ") + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage());
        HttpHeaders headers = HttpHeaders.of(Map.of("content-type", List.of("text/plain")), (a, b) -> true);
        HttpResponse.ResponseInfo info = new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public Version version() {
                return Version.HTTP_1_1;
            }
        };
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onNext(List.of(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
        subscriber.onComplete();
        T body = subscriber.getBody().toCompletableFuture().join();
        return new HttpResponse<>() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpRequest request() {
                return request;
            }

            @Override
            public Optional<HttpResponse<T>> previousResponse() {
                return Optional.empty();
            }

            @Override
            public HttpHeaders headers() {
                return headers;
            }

            @Override
            public T body() {
                return body;
            }

            @Override
            public Optional<SSLSession> sslSession() {
                return Optional.empty();
            }

            @Override
            public java.net.URI uri() {
                return request.uri();
            }

            @Override
            public Version version() {
                return Version.HTTP_1_1;
            }
        };
    }

    /**
     * True only when the failure proves the request never reached the server: the connection was not made.
     * Anything else (a response timeout, a reset after the request was written, the outer bound) may have
     * been accepted.
     */
    static boolean neverSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.net.ConnectException
                    || t instanceof java.net.UnknownHostException || t instanceof java.net.NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
