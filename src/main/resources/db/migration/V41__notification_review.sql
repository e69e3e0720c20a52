-- Review of the worker notifications (issue 19, docs/notifications.md).
--
-- worker_contact.reply_at, reply_id: the provider's timestamp and message id of the last reply (BERHENTI,
-- MULAI) applied to the contact. Webhook calls can arrive out of order: a reply older than the one applied
-- (earlier timestamp, or the same second and a smaller message id) changes nothing, so an old BERHENTI
-- delivered late cannot undo a newer MULAI, nor the other way round.
ALTER TABLE worker_contact ADD COLUMN reply_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE worker_contact ADD COLUMN reply_id VARCHAR(128);

-- notification.params_enc may be emptied (NULL) by the retention job once a message is settled and older
-- than jamsos.retention.days: the parameters hold the worker's name. A row without them is never sent again.
ALTER TABLE notification ALTER COLUMN params_enc DROP NOT NULL;
