package id.jamsos.gateway.bpjs;

import java.util.List;

/**
 * The {@code response} of GET /bpjstk/v1/klaim: paid claims after a watermark, oldest first.
 *
 * @param klaim     the claims, at most the requested limit
 * @param watermark the paidAt of the last claim returned, to pass as {@code since} next time;
 *                  the {@code since} that was asked for when the page is empty
 */
public record ClaimPage(List<ClaimNotice> klaim, String watermark) {
}
