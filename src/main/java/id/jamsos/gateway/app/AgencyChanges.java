package id.jamsos.gateway.app;

import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a reload of agencies.yaml changes in the running routes. Only enabled agencies have routes, so
 * switching an agency off is a removal and switching it on an addition. An agency whose declaration
 * changed in any field (host, credentials, folders, ...) is replaced: its routes are rebuilt, because
 * route template parameters are fixed when a route is created.
 */
record AgencyChanges(List<Agency> added, List<Agency> removed, List<Agency> replaced) {

    static AgencyChanges between(AgencyRegistry running, AgencyRegistry next) {
        Map<String, Agency> before = enabledById(running);
        Map<String, Agency> after = enabledById(next);
        List<Agency> added = new ArrayList<>();
        List<Agency> replaced = new ArrayList<>();
        for (Agency agency : after.values()) {
            Agency old = before.get(agency.id());
            if (old == null) {
                added.add(agency);
            } else if (!old.equals(agency)) {
                replaced.add(agency);
            }
        }
        List<Agency> removed = before.values().stream().filter(a -> !after.containsKey(a.id())).toList();
        return new AgencyChanges(List.copyOf(added), removed, List.copyOf(replaced));
    }

    boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && replaced.isEmpty();
    }

    /** For the log: ids only, an agency's fields may hold a password. */
    @Override
    public String toString() {
        return "added=" + ids(added) + " removed=" + ids(removed) + " replaced=" + ids(replaced);
    }

    private static List<String> ids(List<Agency> agencies) {
        return agencies.stream().map(Agency::id).toList();
    }

    private static Map<String, Agency> enabledById(AgencyRegistry registry) {
        return registry.enabledAgencies().stream().collect(Collectors.toMap(Agency::id, Function.identity(),
                (a, b) -> a, java.util.LinkedHashMap::new));
    }
}
