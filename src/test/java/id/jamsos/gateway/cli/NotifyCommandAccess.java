package id.jamsos.gateway.cli;

import id.jamsos.gateway.audit.AuditTrail;
import id.jamsos.gateway.ledger.NotificationLedger;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code notify} on an open ledger, for the notification tests in another package. */
public final class NotifyCommandAccess {

    private NotifyCommandAccess() {
    }

    public static int run(String action, String kpj, Long id, String reason, NotificationLedger ledger, AuditTrail audit,
                          String operator) throws Exception {
        NotifyCommand command = new NotifyCommand();
        command.action = action;
        command.kpj = kpj;
        command.id = id;
        command.reason = reason;
        command.limit = 50;
        StringWriter out = new StringWriter();
        return command.run(ledger, audit, operator, new PrintWriter(out), new PrintWriter(new StringWriter()));
    }
}
