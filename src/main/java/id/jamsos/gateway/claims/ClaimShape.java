package id.jamsos.gateway.claims;

import id.jamsos.gateway.bpjs.ClaimNotice;
import id.jamsos.gateway.nik.NikMask;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a claim is well formed, before any rule about money or workers: identifiers in their
 * alphabet and length (so nothing overflows a ledger column and nothing forges a log line), no
 * negative amount, a date that is a date (paidAt an instant, tanggalKejadian a yyyy-MM-dd day). The callback answers a malformed claim 400; the pull,
 * which cannot answer anyone, sends it to review (code {@link #MALFORMED}) and goes on.
 *
 * <p>Every text field is refused when it holds a control, format (zero-width, bidi) or other
 * invisible character: those make two ids that look alike differ and rewrite log lines.
 */
public final class ClaimShape {

    public static final String MALFORMED = "MALFORMED";

    /** The claim id becomes a primary key, a message id and a log field: a conservative alphabet. */
    static final Pattern CLAIM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    static final Pattern CLAIM_TYPE = Pattern.compile("[A-Z0-9_]{1,16}");
    /** KPJ: 11 characters in practice, varchar(20) in HR systems (docs: domain facts). */
    static final Pattern KPJ = Pattern.compile("[A-Za-z0-9]{1,20}");
    static final Pattern NIK = Pattern.compile("\\d{16}");
    static final Pattern COMPONENT_CODE = Pattern.compile("[A-Z0-9_]{1,32}");
    static final int MAX_COMPONENTS = 20;
    static final Pattern EVENT_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final DateTimeFormatter EVENT_DATE_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);
    static final int MAX_TEXT = 200;

    private ClaimShape() {
    }

    /** What is malformed, in words a log may carry (no field value is quoted); empty when well formed. */
    public static List<String> problems(ClaimNotice claim) {
        List<String> problems = new ArrayList<>();
        if (claim == null) {
            problems.add("no claim / klaim kosong");
            return problems;
        }
        identifier(problems, "claimId", claim.claimId(), CLAIM_ID, true);
        identifier(problems, "claimType", claim.claimType(), CLAIM_TYPE, true);
        identifier(problems, "kpj", claim.kpj(), KPJ, false);
        identifier(problems, "nik", claim.nik(), NIK, false);
        if (claim.kpj() == null && claim.nik() == null) {
            problems.add("kpj atau nik wajib diisi / kpj or nik is required");
        }
        if (claim.amount() < 0) {
            problems.add("amount negatif / amount is negative");
        }
        if (claim.components() != null) {
            if (claim.components().size() > MAX_COMPONENTS) {
                problems.add("components lebih dari " + MAX_COMPONENTS + " / more than " + MAX_COMPONENTS + " components");
            }
            for (int i = 0; i < claim.components().size() && i < MAX_COMPONENTS; i++) {
                ClaimNotice.Component c = claim.components().get(i);
                if (c == null) {
                    problems.add("components[" + i + "] kosong / is null");
                    continue;
                }
                identifier(problems, "components[" + i + "].code", c.code(), COMPONENT_CODE, true);
                if (c.amount() < 0) {
                    problems.add("components[" + i + "].amount negatif / is negative");
                }
            }
        }
        if (claim.paidAt() == null) {
            problems.add("paidAt wajib diisi / paidAt is required");
        } else if (paidAt(claim) == null) {
            problems.add("paidAt bukan waktu ISO-8601 / paidAt is not an ISO-8601 instant");
        }
        if (claim.tanggalKejadian() != null && eventDate(claim) == null) {
            problems.add("tanggalKejadian bukan tanggal yyyy-MM-dd / tanggalKejadian is not a yyyy-MM-dd date");
        }
        if (claim.beneficiary() != null) {
            text(problems, "beneficiary.name", claim.beneficiary().name());
            text(problems, "beneficiary.relation", claim.beneficiary().relation());
        }
        return problems;
    }

    /** paidAt as an instant, or null when it is none. */
    public static Instant paidAt(ClaimNotice claim) {
        if (claim.paidAt() == null || claim.paidAt().length() > 40) {
            return null;
        }
        try {
            return Instant.parse(claim.paidAt());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * tanggalKejadian (the date of death or of the accident) as a date, or null when the claim has
     * none or it is no real {@code yyyy-MM-dd} date (2026-02-30 is none: read strictly).
     */
    public static LocalDate eventDate(ClaimNotice claim) {
        String text = claim == null ? null : claim.tanggalKejadian();
        if (text == null || !EVENT_DATE.matcher(text).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(text, EVENT_DATE_FORMAT);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** True when {@code s} holds a control, format, separator (other than space), private-use or unassigned character. */
    public static boolean hasInvisible(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            switch (Character.getType(cp)) {
                case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                        Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> {
                    return true;
                }
                default -> {
                }
            }
            if (Character.isWhitespace(cp) && cp != ' ') {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }

    /**
     * A field value as a log line may show it: NIK-shaped digit runs masked, control and invisible
     * characters escaped as {@code \\uXXXX}, cut to 80 characters.
     */
    public static String forLog(String value) {
        if (value == null) {
            return null;
        }
        String cut = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        StringBuilder out = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char ch = cut.charAt(i);
            if (hasInvisible(String.valueOf(ch)) || ch == '\\') {
                out.append(String.format("\\u%04x", (int) ch));
            } else {
                out.append(ch);
            }
        }
        return NikMask.scrub(out.toString());
    }

    private static void identifier(List<String> problems, String field, String value, Pattern pattern,
                                   boolean required) {
        if (value == null) {
            if (required) {
                problems.add(field + " wajib diisi / " + field + " is required");
            }
            return;
        }
        if (hasInvisible(value)) {
            problems.add(field + " berisi karakter kontrol atau tak terlihat / " + field
                    + " holds a control or invisible character");
        } else if (!pattern.matcher(value).matches()) {
            problems.add(field + " tidak sesuai format / " + field + " is malformed (expected " + pattern.pattern() + ")");
        }
    }

    private static void text(List<String> problems, String field, String value) {
        if (value == null) {
            return;
        }
        if (value.length() > MAX_TEXT) {
            problems.add(field + " terlalu panjang / " + field + " is longer than " + MAX_TEXT);
        } else if (hasInvisible(value)) {
            problems.add(field + " berisi karakter kontrol atau tak terlihat / " + field
                    + " holds a control or invisible character");
        }
    }

    /** The distinct component codes, for the duplicate check. */
    static Set<String> codes(ClaimNotice claim) {
        Set<String> codes = new HashSet<>();
        if (claim.components() != null) {
            for (ClaimNotice.Component c : claim.components()) {
                if (c != null) {
                    codes.add(c.code());
                }
            }
        }
        return codes;
    }
}
