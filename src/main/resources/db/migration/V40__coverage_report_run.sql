-- The monthly coverage report sent to finance (COVERAGE_REPORT, docs/coverage-reports.md): one line per
-- month sent, so that the schedule (routes/coverage-report.camel.yaml) sends each month once and a
-- gateway that was down on the 1st catches up when it starts, as statement_run does for statements.
-- Written after the broker took the message: a crash between the two sends it again with the same
-- messageId, which finance drops (docs/finance.md section 2).
CREATE TABLE coverage_report_run (
    period          VARCHAR(7)   NOT NULL PRIMARY KEY,
    message_id      VARCHAR(64)  NOT NULL,
    published_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
