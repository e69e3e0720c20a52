-- Calls to the population registry (Dukcapil), counted for the usage report its access agreement asks
-- for every semester (docs/registry-api.md, "Usage report"; the registry-usage command). One row per
-- month (usage_month, yyyy-MM, in jamsos.finance.zone), purpose (RegistryPurpose), agency ('' when the call was not
-- for an agency's file: an operator's look-up) and outcome (RegistryOutcome); calls is the count.
-- Counts only: no NIK, no name, nothing a person could be found by.
CREATE TABLE registry_usage (
    usage_month CHAR(7)   NOT NULL,
    purpose  VARCHAR(40)  NOT NULL,
    agency   VARCHAR(100) NOT NULL,
    outcome  VARCHAR(20)  NOT NULL,
    calls    BIGINT       NOT NULL,
    PRIMARY KEY (usage_month, purpose, agency, outcome)
);
