package id.jamsos.gateway.config;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * One agency that drops worker files on its SFTP server, as declared in {@code config/agencies.yaml}.
 * Instances come from {@link AgencyRegistry#load}, which applies defaults and validates; file paths are
 * already resolved against the folder holding the YAML file.
 *
 * @param id                    slug used in routes, metrics and file names: lowercase letters, digits, hyphen
 * @param password              literal password, or null; prefer {@code passwordEnv}
 * @param passwordEnv           name of the environment variable holding the password, or null
 * @param privateKeyFile        client private key for key authentication, or null
 * @param knownHostsFile        known_hosts holding the server's host key; null only when strict checking is off
 * @param strictHostKeyChecking refuse a server whose host key is not in {@code knownHostsFile}
 * @param inbox                 server folder the agency writes files to, relative to the login folder
 * @param outbox                server folder the gateway writes replies to
 * @param regionCode            4-digit BPS/Dukcapil code of the city (9671 is Kota Sorong)
 * @param district              district (distrik/kecamatan) the agency covers, or null for the whole city
 * @param completionMarker      suffix of the marker file an agency uploading by script writes after each
 *                              file ({@code .ok}: {@code X} is taken only once {@code X.ok} is there), or null
 * @param limits                the agency's own file size and row limits; {@link AgencyLimits#NONE} for the defaults
 * @param reports               the formats, CSV separator and encoding of its reports; {@link ReportSettings#DEFAULT}
 */
public record Agency(
        String id,
        String name,
        String host,
        int port,
        String user,
        String password,
        String passwordEnv,
        Path privateKeyFile,
        Path knownHostsFile,
        boolean strictHostKeyChecking,
        String inbox,
        String outbox,
        String regionCode,
        String district,
        boolean enabled,
        String completionMarker,
        AgencyLimits limits,
        ReportSettings reports) {

    public static final int DEFAULT_PORT = 22;
    public static final String DEFAULT_INBOX = "inbox";
    public static final String DEFAULT_OUTBOX = "outbox";

    public Agency {
        limits = limits == null ? AgencyLimits.NONE : limits;
        reports = reports == null ? ReportSettings.DEFAULT : reports;
    }

    /** With the default report settings. */
    public Agency(String id, String name, String host, int port, String user, String password, String passwordEnv,
                  Path privateKeyFile, Path knownHostsFile, boolean strictHostKeyChecking, String inbox, String outbox,
                  String regionCode, String district, boolean enabled, String completionMarker, AgencyLimits limits) {
        this(id, name, host, port, user, password, passwordEnv, privateKeyFile, knownHostsFile, strictHostKeyChecking,
                inbox, outbox, regionCode, district, enabled, completionMarker, limits, ReportSettings.DEFAULT);
    }

    /** With the gateway's default limits. */
    public Agency(String id, String name, String host, int port, String user, String password, String passwordEnv,
                  Path privateKeyFile, Path knownHostsFile, boolean strictHostKeyChecking, String inbox, String outbox,
                  String regionCode, String district, boolean enabled, String completionMarker) {
        this(id, name, host, port, user, password, passwordEnv, privateKeyFile, knownHostsFile, strictHostKeyChecking,
                inbox, outbox, regionCode, district, enabled, completionMarker, AgencyLimits.NONE);
    }

    /** Without a completion marker: an agency whose clerks upload by hand. */
    public Agency(String id, String name, String host, int port, String user, String password, String passwordEnv,
                  Path privateKeyFile, Path knownHostsFile, boolean strictHostKeyChecking, String inbox, String outbox,
                  String regionCode, String district, boolean enabled) {
        this(id, name, host, port, user, password, passwordEnv, privateKeyFile, knownHostsFile, strictHostKeyChecking,
                inbox, outbox, regionCode, district, enabled, null);
    }

    /**
     * The password to sign in with: the literal one if set, else the value of {@code passwordEnv} looked up in
     * {@code env}, else null (key authentication).
     */
    public String resolvedPassword(Function<String, String> env) {
        if (password != null) {
            return password;
        }
        return passwordEnv == null ? null : env.apply(passwordEnv);
    }

    public Agency withLimits(AgencyLimits newLimits) {
        return new Agency(id, name, host, port, user, password, passwordEnv, privateKeyFile, knownHostsFile,
                strictHostKeyChecking, inbox, outbox, regionCode, district, enabled, completionMarker, newLimits,
                reports);
    }

    public Agency withReports(ReportSettings newReports) {
        return new Agency(id, name, host, port, user, password, passwordEnv, privateKeyFile, knownHostsFile,
                strictHostKeyChecking, inbox, outbox, regionCode, district, enabled, completionMarker, limits,
                newReports);
    }

    public boolean usesKey() {
        return privateKeyFile != null;
    }

    /** Secrets are masked so an agency can be logged or put in an exception safely. */
    @Override
    public String toString() {
        return "Agency[id=" + id + ", name=" + name + ", host=" + host + ", port=" + port + ", user=" + user
                + ", password=" + (password == null ? "null" : "****") + ", passwordEnv=" + passwordEnv
                + ", privateKeyFile=" + privateKeyFile + ", knownHostsFile=" + knownHostsFile
                + ", strictHostKeyChecking=" + strictHostKeyChecking + ", inbox=" + inbox + ", outbox=" + outbox
                + ", regionCode=" + regionCode + ", district=" + district + ", enabled=" + enabled
                + ", completionMarker=" + completionMarker + ", limits=" + limits + ", reports=" + reports + "]";
    }
}
