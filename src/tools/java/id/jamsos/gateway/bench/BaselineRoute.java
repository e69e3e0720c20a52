package id.jamsos.gateway.bench;

import id.jamsos.gateway.bpjs.BpjsSignature;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * A benchmark fixture, not production: the route a newcomer writes from the Camel documentation.
 * Take the file from SFTP, split it per line, and for every line make one synchronous HTTP call to
 * the single-enroll endpoint POST /bpjstk/v1/peserta, no batching, no concurrency. It does less
 * than the gateway (no validation, no ledger, no reports), so the speed-up measured against it is
 * if anything an underestimate.
 */
final class BaselineRoute extends RouteBuilder {

    static final String ROUTE_ID = "bench-baseline";

    private final String sftpUri;
    private final String enrollUri;
    private final String consId;
    private final String secret;
    private final String userKey;
    private final CountDownLatch done;
    final AtomicInteger answered = new AtomicInteger();
    final AtomicInteger ok = new AtomicInteger();

    BaselineRoute(String sftpUri, String simulatorBaseUrl, String consId, String secret, String userKey, int rows) {
        this.sftpUri = sftpUri;
        this.enrollUri = simulatorBaseUrl.replaceFirst("^http", "http") + "/bpjstk/v1/peserta?throwExceptionOnFailure=false";
        this.consId = consId;
        this.secret = secret;
        this.userKey = userKey;
        this.done = new CountDownLatch(rows);
    }

    CountDownLatch done() {
        return done;
    }

    @Override
    public void configure() {
        from(sftpUri).routeId(ROUTE_ID)
                .split(body().tokenize("\n")).streaming()
                    .filter(exchange -> exchange.getProperty(Exchange.SPLIT_INDEX, Integer.class) > 0)
                    .process(this::toRequest)
                    .to(enrollUri)
                    .process(exchange -> {
                        answered.incrementAndGet();
                        if (exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class) == 200) {
                            ok.incrementAndGet();
                        }
                        done.countDown();
                    })
                .end();
    }

    /** "NIK;NAMA;TEMPAT_LAHIR;TGL_LAHIR;JENIS_KELAMIN;ALAMAT;KELURAHAN;DISTRIK;NO_HP;PEKERJAAN;PENGHASILAN". */
    private void toRequest(Exchange exchange) {
        String[] f = exchange.getMessage().getBody(String.class).trim().split(";", -1);
        String[] dmy = f[3].split("[/-]");
        String date = dmy.length == 3 ? dmy[2] + "-" + dmy[1] + "-" + dmy[0] : f[3];
        String sex = f[4].isEmpty() ? "L" : f[4].substring(0, 1).toUpperCase();
        String json = "{\"refId\":\"baseline-" + f[0] + "-" + exchange.getProperty(Exchange.SPLIT_INDEX) + "\""
                + ",\"nik\":\"" + esc(f[0]) + "\",\"nama\":\"" + esc(f[1]) + "\",\"tglLahir\":\"" + esc(date)
                + "\",\"jenisKelamin\":\"" + sex + "\",\"tempatLahir\":\"" + esc(f[2]) + "\",\"alamat\":\"" + esc(f[5])
                + "\",\"kelurahan\":\"" + esc(f[6]) + "\",\"kecamatan\":\"" + esc(f[7])
                + "\",\"penghasilan\":1000000,\"program\":[\"JKK\",\"JKM\"],\"kodeWilayahPemda\":\"9671\"}";
        var msg = exchange.getMessage();
        msg.removeHeaders("*");
        msg.setBody(json);
        msg.setHeader(Exchange.HTTP_METHOD, "POST");
        msg.setHeader(Exchange.CONTENT_TYPE, "application/json");
        BpjsSignature.headers(consId, secret, userKey, System.currentTimeMillis() / 1000).forEach(msg::setHeader);
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
