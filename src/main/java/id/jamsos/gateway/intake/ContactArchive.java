package id.jamsos.gateway.intake;

import id.jamsos.gateway.model.ContactStatement;
import java.util.List;

/**
 * Where the consent and phone number of accepted rows go (the notification ledger's worker_contact,
 * docs/notifications.md). Called once per chunk, after the chunk's rows are recorded; the statements of a
 * resumed intake are given again and change nothing.
 */
@FunctionalInterface
public interface ContactArchive {

    ContactArchive NONE = (fileId, statements) -> { };

    void keep(long fileId, List<ContactStatement> statements);
}
