package id.jamsos.gateway.nik;

import java.util.BitSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The 38 province codes Dukcapil uses in the first two digits of a NIK.
 *
 * <p>Papua was split in 2022: 91 Papua, 92 Papua Barat, 93 Papua Selatan, 94 Papua Tengah,
 * 95 Papua Pegunungan, 96 Papua Barat Daya. NIKs issued before a split keep the old code, so all
 * of them are live at once.
 */
public final class ProvinceCodes {

    private static final BitSet CODES = new BitSet(100);

    static {
        CODES.set(11, 20); // Aceh .. Kepulauan Bangka Belitung
        CODES.set(21); // Kepulauan Riau
        CODES.set(31, 37); // DKI Jakarta .. Banten
        CODES.set(51, 54); // Bali, NTB, NTT
        CODES.set(61, 66); // Kalimantan Barat .. Kalimantan Utara
        CODES.set(71, 77); // Sulawesi Utara .. Sulawesi Barat
        CODES.set(81, 83); // Maluku, Maluku Utara
        CODES.set(91, 97); // Papua .. Papua Barat Daya
    }

    private ProvinceCodes() {
    }

    public static boolean isValid(int code) {
        return code >= 0 && code < 100 && CODES.get(code);
    }

    /** Two-digit code as text, e.g. "92". */
    public static boolean isValid(String code) {
        if (code == null || code.length() != 2
                || !Character.isDigit(code.charAt(0)) || !Character.isDigit(code.charAt(1))) {
            return false;
        }
        return isValid(Integer.parseInt(code));
    }

    public static Set<Integer> all() {
        Set<Integer> all = new TreeSet<>();
        CODES.stream().forEach(all::add);
        return all;
    }
}
