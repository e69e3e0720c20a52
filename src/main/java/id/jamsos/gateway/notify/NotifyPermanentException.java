package id.jamsos.gateway.notify;

/**
 * A provider refused a message for good (a 4xx other than 429, an answer that accepts nothing): not retried;
 * WhatsApp falls back to SMS, SMS is FAILED (docs/notifications.md).
 */
public class NotifyPermanentException extends RuntimeException {

    public NotifyPermanentException(String message) {
        super(message);
    }
}
