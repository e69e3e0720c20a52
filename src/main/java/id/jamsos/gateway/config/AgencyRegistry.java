package id.jamsos.gateway.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The agencies the gateway serves, read from {@code agencies.yaml}.
 *
 * <p>The file is read as a tree and checked field by field rather than bound straight onto {@link Agency}, so
 * that one load reports every problem at once (an operator fixing a file should not play whack-a-mole) and so
 * no error message can echo a password back from the file.
 *
 * <p>Checks that need the outside world (password variable set, key and known_hosts files present) apply only
 * to enabled agencies: an agency can be declared and switched off before its credentials are issued.
 * Relative file paths are resolved against the folder holding the YAML file, so the config folder can move as
 * one piece.
 */
public final class AgencyRegistry {

    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("agencies");
    private static final Set<String> AGENCY_FIELDS = Set.of(
            "id", "name", "host", "port", "user", "password", "password_env", "private_key_file",
            "known_hosts_file", "strict_host_key_checking", "inbox", "outbox", "region_code", "district",
            "enabled", "completion_marker", "max_file_bytes", "max_rows_per_day", "max_open_rows",
            "report_formats", "report_csv_separator", "report_csv_encoding",
            // The clerks' portal (docs/portal.md): AgencyPortal.
            "portal_users", "contact_email",
            // Population registry verification before BPJS (docs/verification.md): registryVerify.
            "registry_verify");
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern REGION_CODE = Pattern.compile("[1-9][0-9]{3}");
    private static final Pattern MARKER_SUFFIX = Pattern.compile("\\.[A-Za-z0-9]{1,16}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** A clerk's user name on the portal: what a clerk types, nothing a log line or a cookie could misread. */
    private static final Pattern PORTAL_USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** What portal/PasswordHash writes: pbkdf2-sha256$iterations$salt$hash (base64). */
    private static final Pattern PASSWORD_HASH = Pattern.compile("pbkdf2-sha256\\$[0-9]{4,8}\\$[A-Za-z0-9+/=]{16,}\\$[A-Za-z0-9+/=]{32,}");
    /** One plain address: no name, no list, nothing that could add a header line. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    private final List<Agency> agencies;
    private final Map<String, Agency> byId;
    /** The agencies' portal settings (portal_users, contact_email); an agency without any is not here. */
    private final Map<String, AgencyPortal> portals;
    /** The agencies whose rows the population registry checks (registry_verify: true). */
    private final Set<String> registryVerified;
    /** Set on a view: every question goes to the registry it supplies now. */
    private final Supplier<AgencyRegistry> current;

    private AgencyRegistry(List<Agency> agencies) {
        this(agencies, Map.of());
    }

    private AgencyRegistry(List<Agency> agencies, Map<String, AgencyPortal> portals) {
        this(agencies, portals, Set.of());
    }

    private AgencyRegistry(List<Agency> agencies, Map<String, AgencyPortal> portals, Set<String> registryVerified) {
        this.registryVerified = Set.copyOf(registryVerified);
        this.agencies = List.copyOf(agencies);
        Map<String, Agency> index = new LinkedHashMap<>();
        agencies.forEach(agency -> index.put(agency.id(), agency));
        this.byId = Collections.unmodifiableMap(index);
        this.portals = Map.copyOf(portals);
        this.current = null;
    }

    private AgencyRegistry(Supplier<AgencyRegistry> current) {
        this.agencies = List.of();
        this.byId = Map.of();
        this.portals = Map.of();
        this.registryVerified = Set.of();
        this.current = current;
    }

    /**
     * A registry that always answers from whatever {@code current} supplies at the moment of the
     * question: handed to the parts that look agencies up by id (claims, statements) so that a reloaded
     * agencies.yaml reaches them without a change to their code. See {@link AgencyRegistryHolder}.
     */
    public static AgencyRegistry following(Supplier<AgencyRegistry> current) {
        return new AgencyRegistry(Objects.requireNonNull(current, "current"));
    }

    /** A registry built in code (the demo and tests), without a file to read or validate. */
    public static AgencyRegistry of(List<Agency> agencies) {
        return new AgencyRegistry(List.copyOf(agencies));
    }

    /** As {@link #of(List)}, with the agencies whose rows the population registry checks (registry_verify). */
    public static AgencyRegistry of(List<Agency> agencies, Set<String> registryVerified) {
        return new AgencyRegistry(List.copyOf(agencies), Map.of(), registryVerified);
    }

    /**
     * Reads and validates the file.
     *
     * @param env looks up environment variables (pass {@code System::getenv}; tests pass a map)
     * @throws ConfigException listing every problem found
     */
    public static AgencyRegistry load(Path agenciesYaml, Function<String, String> env) {
        String source = agenciesYaml.toString();
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(agenciesYaml));
        } catch (NoSuchFileException e) {
            throw new ConfigException(source, List.of("file not found"));
        } catch (JsonProcessingException e) {
            // Only the position: the parser's message quotes the offending line, which may hold a password.
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException(source, List.of("not valid YAML" + where));
        } catch (IOException e) {
            throw new ConfigException(source, List.of("cannot be read: " + e.getClass().getSimpleName()));
        }
        Path baseDir = agenciesYaml.toAbsolutePath().normalize().getParent();
        return new Reader(baseDir, env).read(root, source);
    }

    public List<Agency> agencies() {
        return current != null ? current.get().agencies() : agencies;
    }

    /** The agency's portal users and contact address; {@link AgencyPortal#NONE} when it has none. */
    public AgencyPortal portal(String agencyId) {
        return current != null ? current.get().portal(agencyId) : portals.getOrDefault(agencyId, AgencyPortal.NONE);
    }

    /** This registry with the agencies' portal settings replaced by {@code byAgency}: for tests and the demo. */
    public AgencyRegistry withPortals(Map<String, AgencyPortal> byAgency) {
        return new AgencyRegistry(agencies(), byAgency, registryVerified);
    }

    /**
     * Whether the agency's rows are checked with the population registry before BPJS (agencies.yaml
     * {@code registry_verify}, default false; the gateway-wide switch is jamsos.verification.enabled).
     */
    public boolean registryVerify(String agencyId) {
        return current != null ? current.get().registryVerify(agencyId) : registryVerified.contains(agencyId);
    }

    /** This registry with {@code agencyIds} verified by the registry: for tests and the demo. */
    public AgencyRegistry withRegistryVerify(Set<String> agencyIds) {
        return new AgencyRegistry(agencies(), portals, agencyIds);
    }

    public List<Agency> enabledAgencies() {
        return agencies().stream().filter(Agency::enabled).toList();
    }

    public Optional<Agency> byId(String id) {
        return current != null ? current.get().byId(id) : Optional.ofNullable(byId.get(id));
    }

    /** Collects problems across the whole file while building agencies from the valid parts. */
    private static final class Reader {

        private final Path baseDir;
        private final Function<String, String> env;
        private final List<String> problems = new ArrayList<>();

        Reader(Path baseDir, Function<String, String> env) {
            this.baseDir = baseDir;
            this.env = env;
        }

        private final Map<String, AgencyPortal> portals = new HashMap<>();
        private final Set<String> registryVerified = new java.util.HashSet<>();

        AgencyRegistry read(JsonNode root, String source) {
            List<Agency> agencies = new ArrayList<>();
            if (root == null || root.isMissingNode() || root.isNull()) {
                problems.add("file is empty; expected 'agencies:' with a list of agencies");
            } else if (!root.isObject()) {
                problems.add("top level must be a mapping with an 'agencies' list");
            } else {
                root.fieldNames().forEachRemaining(field -> {
                    if (!TOP_LEVEL_FIELDS.contains(field)) {
                        problems.add("unknown top-level field '" + field + "'");
                    }
                });
                JsonNode list = root.get("agencies");
                if (list == null || list.isNull()) {
                    problems.add("missing 'agencies' list");
                } else if (!list.isArray()) {
                    problems.add("'agencies' must be a list");
                } else {
                    Map<String, Integer> seenIds = new HashMap<>();
                    for (int i = 0; i < list.size(); i++) {
                        Agency agency = readAgency(i, list.get(i), seenIds);
                        if (agency != null) {
                            agencies.add(agency);
                        }
                    }
                }
            }
            // A clerk signs in with a user name alone: it names one agency.
            Map<String, String> agencyOfUser = new HashMap<>();
            portals.forEach((agencyId, portal) -> portal.users().forEach(u -> {
                String other = agencyOfUser.putIfAbsent(u.username(), agencyId);
                if (other != null) {
                    problems.add("portal user '" + u.username() + "' is listed by both " + other + " and " + agencyId
                            + "; a user name must be unique over all agencies");
                }
            }));
            if (!problems.isEmpty()) {
                throw new ConfigException(source, problems);
            }
            return new AgencyRegistry(agencies, portals, registryVerified);
        }

        private Agency readAgency(int index, JsonNode node, Map<String, Integer> seenIds) {
            if (node == null || !node.isObject()) {
                problems.add("agencies[" + index + "]: must be a mapping of fields");
                return null;
            }
            String rawId = node.hasNonNull("id") && node.get("id").isValueNode() ? node.get("id").asText() : "?";
            Fields f = new Fields(index, rawId, node);
            int before = problems.size();

            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String field = names.next();
                if (!AGENCY_FIELDS.contains(field)) {
                    f.problem(field, "unknown field");
                }
            }

            String id = f.requiredText("id");
            if (id != null) {
                if (!ID.matcher(id).matches()) {
                    f.problem("id", "'" + id + "' is not a slug (lowercase letters, digits, single hyphens)");
                }
                Integer first = seenIds.putIfAbsent(id, index);
                if (first != null) {
                    f.problem("id", "duplicate id '" + id + "', already used by agencies[" + first + "]");
                }
            }
            String name = f.requiredText("name");
            String host = f.requiredText("host");
            String user = f.requiredText("user");
            int port = f.integer("port", Agency.DEFAULT_PORT);
            if (port < 1 || port > 65535) {
                f.problem("port", port + " is out of range 1-65535");
            }
            boolean enabled = f.bool("enabled", true);

            String password = f.secretText("password");
            String passwordEnv = f.optionalText("password_env");
            Path privateKeyFile = f.path("private_key_file");
            if (password == null && passwordEnv == null && privateKeyFile == null && !f.has("password")) {
                f.problem("password/password_env/private_key_file",
                        "no credentials: set password_env (preferred), password, or private_key_file");
            }
            if (password != null && passwordEnv != null) {
                f.problem("password_env", "set either password or password_env, not both");
            }
            if (passwordEnv != null) {
                if (!ENV_NAME.matcher(passwordEnv).matches()) {
                    f.problem("password_env", "'" + passwordEnv + "' is not an environment variable name");
                } else if (enabled) {
                    String value = env.apply(passwordEnv);
                    if (value == null || value.isEmpty()) {
                        f.problem("password_env", "environment variable " + passwordEnv + " is not set");
                    }
                }
            }
            if (privateKeyFile != null && enabled && !Files.isRegularFile(privateKeyFile)) {
                f.problem("private_key_file", "file not found: " + privateKeyFile);
            }

            boolean strict = f.bool("strict_host_key_checking", true);
            Path knownHostsFile = f.path("known_hosts_file");
            if (strict && knownHostsFile == null && !f.has("known_hosts_file")) {
                f.problem("known_hosts_file", "required while strict_host_key_checking is true "
                        + "(set strict_host_key_checking: false explicitly to connect without it)");
            }
            if (knownHostsFile != null && enabled && !Files.isRegularFile(knownHostsFile)) {
                f.problem("known_hosts_file", "file not found: " + knownHostsFile);
            }

            String inbox = f.optionalText("inbox");
            String outbox = f.optionalText("outbox");
            String regionCode = f.requiredText("region_code");
            if (regionCode != null && !REGION_CODE.matcher(regionCode).matches()) {
                f.problem("region_code", "'" + regionCode + "' is not a 4-digit BPS region code like 9671");
            }
            String district = f.optionalText("district");
            String marker = f.optionalText("completion_marker");
            if (marker != null && !MARKER_SUFFIX.matcher(marker).matches()) {
                f.problem("completion_marker", "'" + marker + "' is not a file name suffix such as .ok or .done");
            }

            AgencyLimits limits = new AgencyLimits(f.positiveLong("max_file_bytes"), f.positiveLong("max_rows_per_day"),
                    f.positiveLong("max_open_rows"));

            ReportSettings reports = reportSettings(f);
            AgencyPortal portal = readPortal(f);
            boolean registryVerify = f.bool("registry_verify", false);

            if (problems.size() > before) {
                return null;
            }
            if (registryVerify) {
                registryVerified.add(id);
            }
            if (portal != null) {
                portals.put(id, portal);
            }
            return new Agency(id, name, host, port, user, password, passwordEnv, privateKeyFile, knownHostsFile,
                    strict, inbox == null ? Agency.DEFAULT_INBOX : inbox,
                    outbox == null ? Agency.DEFAULT_OUTBOX : outbox, regionCode, district, enabled, marker, limits,
                    reports);
        }

        /** report_formats, report_csv_separator, report_csv_encoding; the defaults for what is absent. */
        private ReportSettings reportSettings(Fields f) {
            ReportSettings d = ReportSettings.DEFAULT;
            java.util.Set<ReportSettings.Format> formats = java.util.EnumSet.noneOf(ReportSettings.Format.class);
            boolean ok = true;
            if (!f.has("report_formats")) {
                formats.addAll(d.formats());
            } else if (!f.node.get("report_formats").isArray() || f.node.get("report_formats").isEmpty()) {
                f.problem("report_formats", "must be a list of one or both of csv, xlsx, e.g. [csv, xlsx]");
                ok = false;
            } else {
                for (JsonNode item : f.node.get("report_formats")) {
                    String text = item.isTextual() ? item.asText().trim().toLowerCase(java.util.Locale.ROOT) : "";
                    if (text.equals("csv") || text.equals("xlsx")) {
                        formats.add(ReportSettings.Format.valueOf(text.toUpperCase(java.util.Locale.ROOT)));
                    } else {
                        f.problem("report_formats", "'" + item.asText() + "' is not a report format (csv, xlsx)");
                        ok = false;
                    }
                }
            }
            char separator = d.separator();
            if (f.has("report_csv_separator")) {
                // Not optionalText: a tab is blank to trim().
                JsonNode value = f.node.get("report_csv_separator");
                String text = value.isTextual() ? value.asText() : "";
                if (text.equals("\\t") || text.equalsIgnoreCase("tab")) {
                    text = "\t";
                }
                if (text.length() != 1 || !ReportSettings.SEPARATORS.contains(text.charAt(0))) {
                    f.problem("report_csv_separator", "must be \",\", \";\" or \"tab\", got " + f.shown(value));
                    ok = false;
                } else {
                    separator = text.charAt(0);
                }
            }
            java.nio.charset.Charset encoding = d.encoding();
            String enc = f.optionalText("report_csv_encoding");
            if (enc != null) {
                if (enc.equalsIgnoreCase("UTF-8")) {
                    encoding = java.nio.charset.StandardCharsets.UTF_8;
                } else if (enc.equalsIgnoreCase("windows-1252") || enc.equalsIgnoreCase("cp1252")) {
                    encoding = ReportSettings.WINDOWS_1252;
                } else {
                    f.problem("report_csv_encoding", "'" + enc + "' is not UTF-8 or windows-1252");
                    ok = false;
                }
            }
            return ok ? new ReportSettings(formats, separator, encoding) : d;
        }

        /**
         * portal_users (a list of username and password_hash) and contact_email; null when neither is set.
         * A problem never quotes a hash back: it is as good as a password to whoever can try offline.
         */
        private AgencyPortal readPortal(Fields f) {
            String email = f.optionalText("contact_email");
            if (email != null && !EMAIL.matcher(email).matches()) {
                f.problem("contact_email", "'" + email + "' is not one plain e-mail address (name@example.go.id)");
            }
            List<AgencyPortal.User> users = new ArrayList<>();
            if (f.has("portal_users")) {
                JsonNode list = f.node.get("portal_users");
                if (!list.isArray()) {
                    f.problem("portal_users", "must be a list of username and password_hash");
                } else {
                    Set<String> seen = new java.util.HashSet<>();
                    for (int i = 0; i < list.size(); i++) {
                        JsonNode u = list.get(i);
                        String at = "portal_users[" + i + "]";
                        if (!u.isObject()) {
                            f.problem(at, "must be a mapping with username and password_hash");
                            continue;
                        }
                        u.fieldNames().forEachRemaining(field -> {
                            if (!field.equals("username") && !field.equals("password_hash")) {
                                f.problem(at + "." + field, "unknown field (a plain password is never written here:"
                                        + " `jamsos portal-password` prints the hash)");
                            }
                        });
                        String username = u.hasNonNull("username") && u.get("username").isTextual()
                                ? u.get("username").asText().trim() : null;
                        if (username == null || !PORTAL_USER.matcher(username).matches()) {
                            f.problem(at + ".username", "is required: 1-64 letters, digits, '.', '_' or '-'");
                        } else if (!seen.add(username)) {
                            f.problem(at + ".username", "duplicate user '" + username + "'");
                        }
                        String hash = u.hasNonNull("password_hash") && u.get("password_hash").isTextual()
                                ? u.get("password_hash").asText().trim() : null;
                        if (hash == null || !PASSWORD_HASH.matcher(hash).matches()) {
                            f.problem(at + ".password_hash", "is required, as `jamsos portal-password` prints it"
                                    + " (pbkdf2-sha256$...)");
                        }
                        if (username != null && hash != null) {
                            users.add(new AgencyPortal.User(username, hash));
                        }
                    }
                }
            }
            if (email == null && users.isEmpty()) {
                return null;
            }
            return new AgencyPortal(email, users);
        }

        /** Typed access to one agency's fields; every misuse becomes a problem naming agency and field. */
        private final class Fields {

            private final String where;
            private final JsonNode node;

            Fields(int index, String id, JsonNode node) {
                this.where = "agencies[" + index + "] (id=" + id + ")";
                this.node = node;
            }

            void problem(String field, String text) {
                problems.add(where + " " + field + ": " + text);
            }

            boolean has(String field) {
                return node.has(field) && !node.get(field).isNull();
            }

            String requiredText(String field) {
                String value = optionalText(field);
                if (value == null && !has(field)) {
                    problem(field, "is required");
                }
                return value;
            }

            /** Null when absent; a problem (and null) when present but not a non-blank scalar. */
            String optionalText(String field) {
                if (!has(field)) {
                    return null;
                }
                JsonNode value = node.get(field);
                if (!value.isValueNode() || value.isBoolean()) {
                    problem(field, "must be text, got " + describe(value.getNodeType()));
                    return null;
                }
                String text = value.asText().trim();
                if (text.isEmpty()) {
                    problem(field, "must not be blank");
                    return null;
                }
                return text;
            }

            /** Like {@link #optionalText} but never trimmed or quoted back: it is a secret. */
            String secretText(String field) {
                if (!has(field)) {
                    return null;
                }
                JsonNode value = node.get(field);
                if (!value.isValueNode() || value.asText().isEmpty()) {
                    problem(field, "must be a non-empty text value");
                    return null;
                }
                return value.asText();
            }

            int integer(String field, int defaultValue) {
                if (!has(field)) {
                    return defaultValue;
                }
                JsonNode value = node.get(field);
                if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                    problem(field, "must be a whole number, got " + shown(value));
                    return defaultValue;
                }
                return value.intValue();
            }

            /** A limit: a whole number above zero, or null when the field is absent. */
            Long positiveLong(String field) {
                if (!has(field)) {
                    return null;
                }
                JsonNode value = node.get(field);
                if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
                    problem(field, "must be a whole number above 0, got " + shown(value));
                    return null;
                }
                return value.longValue();
            }

            boolean bool(String field, boolean defaultValue) {
                if (!has(field)) {
                    return defaultValue;
                }
                JsonNode value = node.get(field);
                if (!value.isBoolean()) {
                    problem(field, "must be true or false, got " + shown(value));
                    return defaultValue;
                }
                return value.booleanValue();
            }

            Path path(String field) {
                String text = optionalText(field);
                return text == null ? null : baseDir.resolve(text).normalize();
            }

            String shown(JsonNode value) {
                return value.isValueNode() ? "'" + value.asText() + "'" : describe(value.getNodeType());
            }
        }

        private static String describe(JsonNodeType type) {
            return switch (type) {
                case ARRAY -> "a list";
                case OBJECT -> "a mapping";
                case BOOLEAN -> "a boolean";
                case NUMBER -> "a number";
                default -> type.name().toLowerCase();
            };
        }
    }
}
