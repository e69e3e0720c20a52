package id.jamsos.gateway;

/**
 * Names of the message headers and exchange properties that carry the gateway's own state from one
 * route step to the next, in one place, so that a reader can find every step that writes or reads
 * one. Each says whether it is a header (travels with the message, also onto the broker as a JMS
 * property) or an exchange property (stays inside this process), who writes it and who reads it.
 * The route files use the same names as literals ({@code ${header.JamsosReportsDue}}): YAML cannot
 * refer to a Java constant, so a renamed constant needs the routes named here searched as well.
 */
public final class Headers {

    // Intake: routes/agency-intake.camel.yaml and its beans.

    /**
     * Property and header: the agency a file came from. Property set by agency-intake.camel.yaml first
     * thing, header by {@code FileIntake.register} and {@code ReportWriter}; read by FileIntake,
     * FileFailures, HostKeyAlarm, UploadRetries, OpsEventNotifier, and as {@code direct:sftp-write-<agency>}
     * by reports.camel.yaml (header) and error-handling.camel.yaml (property). Also a JMS property of
     * every enrollment job ({@code JmsJobSender}, the replay).
     */
    public static final String AGENCY_ID = "JamsosAgencyId";

    /**
     * Property and header: the ledger id of the file being taken in, set by {@code FileIntake.register};
     * read by FileIntake, FileFailures, and from the enrollment job's JMS properties by DeliveryAttempts,
     * CredentialsAlarm and OpsEventNotifier (log context). {@code JmsJobSender} sets it on replayed jobs.
     */
    public static final String FILE_ID = "JamsosFileId";

    /**
     * Property: the file's name as the agency gave it, set by {@code FileIntake.register}; read by FileIntake and
     * FileFailures.
     */
    public static final String FILE_NAME = "JamsosFileName";

    /**
     * Property: the file's SHA-256, set by {@code FileIntake.register}; read by {@code FileIntake.jobs} for the jobs'
     * records.
     */
    public static final String CHECKSUM = "JamsosChecksum";

    /**
     * Property: true when the same bytes were taken in before, set by {@code FileIntake.register}; read by agency-
     * intake.camel.yaml.
     */
    public static final String DUPLICATE = "JamsosDuplicate";

    /**
     * Property: true when the intake of this file was cut off and resumes now, set by {@code FileIntake.register};
     * read by {@code FileIntake.jobs}.
     */
    public static final String RESUMED = "JamsosResumed";

    /**
     * Property: the file's {@code IntakeJobs} (its row counts), set by {@code FileIntake.jobs}; read by {@code
     * FileIntake.finish}.
     */
    public static final String INTAKE_JOBS = "JamsosIntakeJobs";

    /**
     * Property: the file's eligibility check (eligibility/EligibilityScreen: policy, target deciles, active
     * list), set by agency-intake.camel.yaml's eligibility step; read by {@code FileIntake.jobs}.
     */
    public static final String ELIGIBILITY = "JamsosEligibility";

    /**
     * Property: the last row of the job being sent, set by agency-intake.camel.yaml in the split; read by {@code
     * FileIntake.queued}.
     */
    public static final String JOB_LAST_ROW = "JamsosJobLastRow";

    /**
     * Property: the folder the file is archived in once the exchange completes ({@code .done}), set by
     * agency-intake.camel.yaml; {@code FileFailures.record} makes it {@code .failed}; read by the SFTP
     * consumer's {@code move} option in agency-intake.camel.yaml.
     */
    public static final String ARCHIVE_DIR = "JamsosArchiveDir";

    /**
     * Property: the name the file is archived under, its own (agency-intake.camel.yaml) or a re-upload's
     * versioned one ({@code FileIntake.register}); read by the consumer's {@code move} option and
     * {@code FileFailures.record}.
     */
    public static final String ARCHIVE_NAME = "JamsosArchiveName";

    /**
     * Header: what the file's completion marker says, set by {@code MarkerContent}; read by {@code
     * UploadWatch.checkMarker}.
     */
    public static final String MARKER_CONTENT = "JamsosMarkerContent";

    // Reports: routes/reports.camel.yaml and the writer route of agency-intake.camel.yaml.

    /**
     * Header: the id of the file whose reports are due now (set on exactly one exchange per file), by
     * {@code FileIntake.finish}, {@code OutcomeRecorder}, {@code ChangeRecorder} and reports.camel.yaml's
     * stale-reports; read by agency-intake.camel.yaml, enroller.camel.yaml and worker-changes.camel.yaml
     * (filters) and {@code ReportWriter}.
     */
    public static final String REPORTS_DUE = "JamsosReportsDue";

    /**
     * Header: where on the agency's SFTP account the body goes, {@code ReportWriter.OUTBOX} or
     * {@code ReportWriter.FAILED}; set by ReportWriter, FileIntake (duplicate note), FileFailures (error
     * note) and AgencyRoutes; read by the writer route of agency-intake.camel.yaml and HostKeyAlarm.
     */
    public static final String TARGET = "JamsosTarget";

    /**
     * Property: the report files written for this exchange, set by {@code ReportWriter.results/rejects}; read by
     * {@code ReportWriter.finished}, which deletes them.
     */
    public static final String REPORT_TEMP_FILES = "JamsosReportTempFiles";

    /**
     * Exchange property: the round of reports being written for a file (its name base and version,
     * report.ReportWriter), worked out by the first report of the round and read by the others.
     */
    public static final String REPORT_ROUND = "JamsosReportRound";

    // Enroller: routes/enroller.camel.yaml, routes/error-handling.camel.yaml (enroller-errors).

    /**
     * Property: the {@code EnrollmentJob} being delivered, kept aside while the body changes; set by
     * enroller.camel.yaml; read by BatchAnswers, OutcomeRecorder, DeliveryAttempts and enroller.camel.yaml
     * (park-job). On worker-changes.camel.yaml the {@code ChangeJob}, read by ChangeRequests,
     * ChangeAnswers, ChangeRecorder, DeliveryAttempts and park-change-job.
     */
    public static final String JOB = "JamsosJob";

    /**
     * Header: why a job's rows were parked, scrubbed of NIKs; set by {@code OutcomeRecorder.park}, read by operators
     * on the parked queue.
     */
    public static final String PARK_REASON = "JamsosParkReason";

    /**
     * Property: what the enroller's call to BPJS failed with, as the error handler sorts it, set by the
     * circuit breaker's fallback in enroller.camel.yaml ({@code EndpointFailures.asDeliveryFailure});
     * read by {@code EndpointFailures.rethrow} after the breaker.
     */
    public static final String DELIVERY_FAILURE = "JamsosDeliveryFailure";

    // Verification: routes/verification.camel.yaml (docs/verification.md).

    /**
     * Property: the job row being checked with the population registry (an {@code EnrollmentJob.Item}), set
     * by verification.camel.yaml in its split before the registry call; read by {@code VerificationRules}.
     */
    public static final String VERIFIED_ITEM = "JamsosVerifiedItem";

    /**
     * Property: the registry's answers so far in one verification of one job (a
     * {@code VerificationRules.JobAnswers}), set by verification.camel.yaml before its split; read by
     * {@code VerificationRules} to tell a service message from one worker's odd answer.
     */
    public static final String REGISTRY_ANSWERS = "JamsosRegistryAnswers";

    // Change rows: routes/worker-changes.camel.yaml, error-handling.camel.yaml (changes-errors). The
    // job itself is in JOB, as on the enroller, so that DeliveryAttempts reads it the same way.

    /**
     * Property: the change row being sent (a {@code ChangeItem}), set by worker-changes.camel.yaml in its
     * loop ({@code ChangeRequests.item}); read by ChangeRequests, ChangeAnswers and the route's choices.
     */
    public static final String CHANGE_ITEM = "JamsosChangeItem";

    /**
     * Property: the outcomes of the job's rows so far (a {@code List<ChangeOutcome>}), set by
     * worker-changes.camel.yaml, added to by {@code ChangeAnswers.collect}; read by {@code ChangeRecorder}
     * (record, park).
     */
    public static final String CHANGE_OUTCOMES = "JamsosChangeOutcomes";

    /** Exchange property: the watermark the claims pull asks the listing for claims after (ISO-8601). */
    public static final String CLAIMS_SINCE = "JamsosClaimsSince";

    /** Exchange property: the month (yyyy-MM) whose contribution statement is being made, while its invoice is fetched. */
    public static final String STATEMENT_PERIOD = "JamsosStatementPeriod";

    /**
     * Header: why a message went to the enrollment dead-letter queue, set and logged by error-handling.camel.yaml
     * ({@code DeliveryAttempts.reason}).
     */
    public static final String DEAD_LETTER_REASON = "JamsosDeadLetterReason";

    /** HTTP response header of the BPJS endpoint: seconds to wait after a 429 or 503; read by {@code BatchAnswers}. */
    public static final String RETRY_AFTER = "Retry-After";

    // Claims: routes/claims.camel.yaml, claims-pull.camel.yaml, claim-outbox.camel.yaml.

    /**
     * Property: the claim as recorded, set by {@code ClaimProcessor.prepare}; read by ClaimCallback.acknowledge and
     * ClaimPuller.advance.
     */
    public static final String CLAIM = "JamsosClaim";

    /**
     * Property: the {@code ClaimProcessor.Outcome} of a claim, set by {@code ClaimProcessor.prepare}; read by
     * ClaimCallback.acknowledge.
     */
    public static final String CLAIM_OUTCOME = "JamsosClaimOutcome";

    /**
     * Property: where the pull is in the claims listing, set and read by {@code ClaimPuller} (page, advance, failed).
     */
    public static final String CLAIM_PAGE = "JamsosClaimPage";

    /**
     * Property: the batch the claim outbox took, a {@code List<ClaimMessage>}, set by {@code ClaimOutbox.take}; read
     * by its published and failed.
     */
    public static final String CLAIM_BATCH = "JamsosClaimBatch";

    /**
     * Property: the broker committed the batch (what failed, if anything, was the mark); set by {@code
     * ClaimOutbox.published}, read by its failed.
     */
    public static final String CLAIM_BATCH_SENT = "JamsosClaimBatchSent";

    /**
     * Property of a split part: {@code finance} or {@code review}, set by {@code ClaimOutbox.toMessage}; read by
     * claim-outbox.camel.yaml.
     */
    public static final String DESTINATION = "JamsosDestination";

    /**
     * Property: how many claim messages of the batch went to the finance queue, set by {@code ClaimOutbox.published};
     * read by OpsEventNotifier.
     */
    public static final String CLAIMS_TO_FINANCE = "JamsosClaimsToFinance";

    // Finance: routes/statements.camel.yaml, claim-outbox.camel.yaml; JMS properties finance reads.

    /**
     * Header (JMS property finance reads): the base64 Ed25519 signature of a finance message, set by
     * claim-outbox.camel.yaml, statements.camel.yaml and StatementPublisher; read by FinanceQueueReader.
     */
    public static final String SIGNATURE = "JamsosSignature";

    /** Header (JMS property finance reads): the id of the key that signed, set beside {@link #SIGNATURE}. */
    public static final String SIGNATURE_KEY = "JamsosSignatureKey";

    /** Property: the statement being published, set by {@code StatementSchedule.build}; read by its published. */
    public static final String STATEMENT = "JamsosStatement";

    /**
     * Property: the month (yyyy-MM) whose invoice routes/payments.camel.yaml is fetching, set there in
     * the split; read by {@code PaymentDesk.recordInvoice} and {@code invoiceFailed}.
     */
    public static final String INVOICE_PERIOD = "JamsosInvoicePeriod";

    /**
     * Property: the month (yyyy-MM) the bpjs-invoice route of routes/statements.camel.yaml asks BPJS
     * for, set there before the call; read by {@code InvoiceAnswer.read}, which stores the lines under it.
     */
    public static final String INVOICE_ASKED = "JamsosInvoiceAsked";

    /**
     * Property: the finance notice (PAYMENT_DUE, ARREARS_WARNING, COVERAGE_ENDED) being sent, set by
     * {@code FinanceNotices.toMessage}; read by its sent, which marks it in the ledger once the broker took it.
     */
    public static final String FINANCE_NOTICE = "JamsosFinanceNotice";

    /**
     * Property: the operator's session a request to /ops came with, when it came with one; set by
     * {@code OperatorAuth.check}, read by its logout and requireIntent and by {@code OpsPage.statusView}.
     */
    public static final String OPS_SESSION = "JamsosOpsSession";

    /**
     * Properties of the lapse check (routes/lapse.camel.yaml): the round ({@code LapseCheck.Round}, its
     * window and counts), the cursor of its pages (the last coverage period id asked about, 0 before the
     * first), whether another page follows, and the covered worker being asked about.
     */
    public static final String LAPSE_ROUND = "JamsosLapseRound";
    public static final String LAPSE_CURSOR = "JamsosLapseCursor";
    public static final String LAPSE_MORE = "JamsosLapseMore";
    public static final String LAPSE_WORKER = "JamsosLapseWorker";

    // Population registry: routes/registry.camel.yaml and its beans (package registry).

    /**
     * Property: the {@code RegistryRequest} being asked, set by registry.camel.yaml first thing; read by
     * {@code RegistryRequests.body} (each attempt builds its request from it, as a retry finds the body
     * changed by the attempt before) and by {@code RegistryUsage} (the purpose and agency counted).
     */
    public static final String REGISTRY_REQUEST = "JamsosRegistryRequest";

    // Already covered by another payer: routes/enroller.camel.yaml (look-up of rows answered 208) and
    // its beans (enrollment.OtherPayers).

    /**
     * Properties: the job's outcomes as BPJS answered them, kept while the rows answered "already
     * registered" are looked up (OTHER_PAYER_OUTCOMES); the look-up being made (OTHER_PAYER_ASK, an
     * {@code OtherPayers.Ask}); and what finance must be told of the rows that ended OTHER_PAYER
     * (OTHER_PAYER_FOUND, read by {@code OutcomeRecorder.record}).
     */
    public static final String OTHER_PAYER_OUTCOMES = "JamsosOtherPayerOutcomes";
    public static final String OTHER_PAYER_ASK = "JamsosOtherPayerAsk";
    public static final String OTHER_PAYER_FOUND = "JamsosOtherPayerFound";
    /** The payers' sejak by finding source ({@code OtherPayers.Decided.payerSince}), read by {@code OutcomeRecorder.record}. */
    public static final String OTHER_PAYER_SINCE = "JamsosOtherPayerSince";

    // Notifying workers: routes/notifications.camel.yaml and its beans (package notify).

    /**
     * Property: the notification being sent ({@code NotificationLedger.Due}), set by notifications.camel.yaml
     * in the split; read by {@code WhatsAppMessages}, {@code SmsGateway} and {@code NotificationDesk} (each
     * attempt and each failure handler finds it there, as the body is the request by then).
     */
    public static final String NOTIFICATION = "JamsosNotification";

    /**
     * Property: true once the provider answered 2xx to the notification's call (notifications.camel.yaml):
     * from then on no error clause retries the call or falls back to SMS; a failure is an unknown outcome.
     */
    public static final String NOTIFY_ACCEPTED = "JamsosProviderAccepted";

    // Coverage reports: routes/coverage-report.camel.yaml.

    /** Exchange property: the month (yyyy-MM) whose coverage report the finance schedule is sending. */
    public static final String COVERAGE_REPORT_PERIOD = "JamsosCoverageReportPeriod";

    private Headers() {
    }
}
