-- Claim outbox (issue 7): a claim is stored together with the finance message made from it, in the
-- same INSERT, and the callback answers at once; a publisher sends unpublished messages in batches
-- (one JMS transaction each) and sets published_at. The publish lease (V3) still decides which
-- gateway process sends a claim; destination and review_reason (V3) are now filled when the claim
-- is recorded, and published_at says whether the message went.

-- The finance message body: encrypted like payload ("enc:<keyId>:<base64url>"), as it names the
-- worker. NULL for claims recorded before this migration; a callback or pull that sees such a claim
-- again fills it in.
ALTER TABLE claim ADD COLUMN message VARCHAR;
-- Its JMS properties as a JSON object (claimType, agencyId, messageId, ...): no personal data.
ALTER TABLE claim ADD COLUMN message_properties VARCHAR;
