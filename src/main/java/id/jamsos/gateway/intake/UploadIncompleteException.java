package id.jamsos.gateway.intake;

/**
 * A downloaded agency file has no end yet: its upload is still going on, or stopped for now. Not a
 * failure of the file: the intake leaves it in the inbox and takes it again once it changes.
 */
public final class UploadIncompleteException extends Exception {

    public UploadIncompleteException(String message) {
        super(message);
    }
}
