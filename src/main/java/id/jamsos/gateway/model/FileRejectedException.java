package id.jamsos.gateway.model;

/**
 * An agency file refused as a whole (unreadable, wrong type, missing required column, no rows,
 * too large). The message names the file and says why in Indonesian and English.
 */
public class FileRejectedException extends Exception {

    private final String fileName;
    private final String code;
    private final String messageId;
    private final String messageEn;

    public FileRejectedException(String fileName, String code, String messageId, String messageEn) {
        super(fileName + ": " + messageEn + " / " + messageId);
        this.fileName = fileName;
        this.code = code;
        this.messageId = messageId;
        this.messageEn = messageEn;
    }

    public String fileName() {
        return fileName;
    }

    public String code() {
        return code;
    }

    public String messageId() {
        return messageId;
    }

    public String messageEn() {
        return messageEn;
    }
}
