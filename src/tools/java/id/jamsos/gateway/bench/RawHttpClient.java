package id.jamsos.gateway.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The claims bench's stand-in for BPJS's HTTP client: one keep-alive HTTP/1.1 connection, requests
 * encoded before the clock starts, responses read just far enough to know the status and where the
 * next one begins. In production BPJS's client runs on BPJS's machines; java.net.http.HttpClient,
 * in the bench's process, cost about 0.4 ms of CPU per callback on the 2-core machine, taken from the
 * gateway it measures. Only what the gateway answers is understood (Content-Length or chunked
 * bodies); anything else fails the run rather than being guessed at.
 */
final class RawHttpClient implements Closeable {

    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttpClient(URI base) {
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
    }

    /** A POST with a body, as bytes ready to write: request line, headers, blank line, body. */
    static byte[] post(URI uri, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[h.length + body.length];
        System.arraycopy(h, 0, request, 0, h.length);
        System.arraycopy(body, 0, request, h.length, body.length);
        return request;
    }

    /** Sends one request and reads its whole response; reconnects once if the server had closed. */
    int send(byte[] request) throws IOException {
        if (socket == null) {
            connect();
        }
        try {
            out.write(request);
            out.flush();
            return readResponse();
        } catch (EOFException | java.net.SocketException e) {
            // A keep-alive connection the server closed while idle: one fresh try.
            close();
            connect();
            out.write(request);
            out.flush();
            return readResponse();
        }
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(30_000);
        socket.connect(address, 5_000);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = socket.getOutputStream();
    }

    private int readResponse() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                throw new IOException("malformed header: " + header);
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line().split(";", 2)[0].trim(), 16); size > 0;
                    size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) {
                skip(size);
                line();
            }
            while (!line().isEmpty()) {
                // trailers, none expected
            }
        } else if (length >= 0) {
            skip(length);
        } else {
            throw new IOException("response without Content-Length or chunked body (status " + code + ")");
        }
        if (close) {
            close();
        }
        return code;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed mid-response");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private void skip(long n) throws IOException {
        for (long left = n; left > 0; ) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("connection closed mid-body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a loopback socket; nothing to tell
            }
            socket = null;
        }
    }
}
