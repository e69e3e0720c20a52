package id.jamsos.gateway.nik;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Region codes said plainly: Indonesia has two systems of codes for the same regencies and cities,
 * Kemendagri's kode wilayah (in every NIK's first digits, in jamsos.regionCode, in the eligibility
 * list's village codes) and BPS's codes for statistics, and they differ (Papua is 91 to Kemendagri and
 * was 94 to BPS; Papua Barat 92 and 91). This table ({@value #RESOURCE}) holds the regions the gateway
 * and its demo name, with the BPS code where known and marked unconfirmed where not. Kota Sorong has
 * two Kemendagri codes at once: 92.71 (Papua Barat, before the 2022 split) and 96.71 (Papua Barat
 * Daya); NIKs issued before keep the old one.
 */
public final class RegionCodes {

    static final String RESOURCE = "/region/region-codes.csv";

    /**
     * One regency or city.
     *
     * @param kemendagri four digits, no dot (9271)
     * @param bps        four digits, or null when not known
     * @param bpsConfirmed false: the BPS code (if any) is a reading this project could not confirm
     * @param valid      "since 2022", "until 2022" or empty
     */
    public record Region(String kemendagri, String name, String province, String valid, String bps,
                         boolean bpsConfirmed) {

        /** "92.71 Kota Sorong (Kemendagri; Papua Barat, until 2022)". */
        public String describe() {
            return kemendagri.substring(0, 2) + "." + kemendagri.substring(2) + " " + name + " (Kemendagri; " + province
                    + (valid.isEmpty() ? "" : ", " + valid) + ")";
        }
    }

    private static final Map<String, Region> BY_KEMENDAGRI = load();

    private RegionCodes() {
    }

    /** By a Kemendagri regency/city code, dotted or not, or the first four digits of a longer code or NIK. */
    public static Optional<Region> kemendagri(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String digits = code.replace(".", "").strip();
        return digits.length() < 4 ? Optional.empty() : Optional.ofNullable(BY_KEMENDAGRI.get(digits.substring(0, 4)));
    }

    /** The code said with its system: "92.71 Kota Sorong (Kemendagri; ...)", or "9999 (Kemendagri; not in the table)". */
    public static String describe(String kemendagriCode) {
        return kemendagri(kemendagriCode).map(Region::describe)
                .orElse(kemendagriCode + " (Kemendagri; not in " + RESOURCE.substring(1) + ")");
    }

    public static Collection<Region> all() {
        return BY_KEMENDAGRI.values();
    }

    private static Map<String, Region> load() {
        Map<String, Region> out = new LinkedHashMap<>();
        try (InputStream in = RegionCodes.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean header = true;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] c = line.split(";", -1);
                String code = c[0].replace(".", "");
                String bps = c[4].replace(".", "");
                out.put(code, new Region(code, c[1], c[2], c[3], bps.isEmpty() ? null : bps,
                        "confirmed".equals(c[5])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
