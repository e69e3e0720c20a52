package id.jamsos.gateway.proof;

import id.jamsos.gateway.finance.Programme;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What every printed proof of cover says besides the worker (docs/proof-of-cover.md): who issues it
 * ({@code jamsos.proof.issuer}, e.g. "Pemerintah Kota Sorong"), where its QR code points
 * ({@code jamsos.proof.checkUrl}: BPJS's own public page, an address the city has confirmed), the hotline
 * ({@code jamsos.proof.hotline}, BPJS's contact centre 175), the programmes paid for ({@code jamsos.programs})
 * and the programme year with its funding sources (who pays, until when).
 */
public record ProofSettings(String issuer, String checkUrl, String hotline, List<String> programs, Programme programme,
                            ZoneId zone) {

    public ProofSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(checkUrl, "checkUrl");
        Objects.requireNonNull(hotline, "hotline");
        programs = List.copyOf(programs);
        Objects.requireNonNull(programme, "programme");
        Objects.requireNonNull(zone, "zone");
        if (!checkUrl.startsWith("https://")) {
            throw new IllegalArgumentException("jamsos.proof.checkUrl must be an https:// address: " + checkUrl);
        }
    }

    /** From the gateway's settings looked up by name (missing ones: an error naming them). */
    public static ProofSettings from(Function<String, String> settings) {
        Programme programme = Programme.from(k -> settings.apply(k) == null ? "" : settings.apply(k));
        String programs = settings.apply("jamsos.programs");
        return new ProofSettings(required(settings, "jamsos.proof.issuer"), required(settings, "jamsos.proof.checkUrl"),
                required(settings, "jamsos.proof.hotline"),
                programs == null || programs.isBlank() ? List.of("JKK", "JKM")
                        : List.of(programs.trim().split("\\s*,\\s*")),
                programme, ZoneId.of(required(settings, "jamsos.finance.zone")));
    }

    /** The name of who pays a period: its source's name, or the agency's configured source's. */
    public String payer(String fundingSource, String agencyId) {
        String code = fundingSource != null ? fundingSource : programme.sourceOf(agencyId);
        try {
            return programme.source(code).name();
        } catch (IllegalArgumentException e) {
            // A source recorded under an earlier year's settings: its code says enough.
            return code;
        }
    }

    private static String required(Function<String, String> settings, String key) {
        String v = settings.apply(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing setting " + key);
        }
        return v.trim();
    }
}
