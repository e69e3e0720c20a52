package id.jamsos.gateway.intake;

import id.jamsos.gateway.Headers;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The intake's pollEnrich of a completion marker: the agency's file stays the body, and what the
 * marker says goes into a header for {@link UploadWatch#checkMarker}. No marker within the timeout
 * (already deleted by an earlier attempt) reads as an empty one.
 */
public final class MarkerContent implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange original, Exchange marker) {
        String text = marker == null ? "" : marker.getMessage().getBody(String.class);
        original.getMessage().setHeader(Headers.MARKER_CONTENT, text == null ? "" : text);
        return original;
    }
}
