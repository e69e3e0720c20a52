package id.jamsos.gateway.portal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's audit lines, on a logger of their own ({@value #LOGGER}) so operators can route them to
 * their own file: one per login (succeeded, failed, throttled), logout, upload and submit, with the
 * agency, the clerk, the client address and, for a file, its name, size and SHA-256. Never a password
 * and never a row of the file (no NIK).
 */
final class PortalAudit {

    static final String LOGGER = "id.jamsos.gateway.portal.audit";
    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER);

    private PortalAudit() {
    }

    static void log(String format, Object... args) {
        AUDIT.info("portal audit: " + format, args);
    }

    /** A user name as typed, for the log: what a user name may hold, at most 64 characters, else "?". */
    static String user(String typed) {
        return typed != null && typed.matches("[A-Za-z0-9._-]{1,64}") ? typed : "?";
    }
}
