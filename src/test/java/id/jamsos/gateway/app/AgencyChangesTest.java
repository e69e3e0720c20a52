package id.jamsos.gateway.app;

import id.jamsos.gateway.config.Agency;
import id.jamsos.gateway.config.AgencyRegistry;
import id.jamsos.gateway.config.AgencyRegistryHolder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AgencyChangesTest {

    static Agency agency(String id, String host, boolean enabled) {
        return new Agency(id, id.toUpperCase(), host, 22, id, "pw", null, null, Path.of("/k"), true, "inbox",
                "outbox", "9671", null, enabled);
    }

    @Test
    void sortsAgenciesIntoAddedRemovedAndReplaced() {
        AgencyRegistry running = AgencyRegistry.of(List.of(agency("a", "h1", true), agency("b", "h1", true),
                agency("c", "h1", true), agency("d", "h1", false)));
        AgencyRegistry next = AgencyRegistry.of(List.of(agency("a", "h1", true), agency("b", "h2", true),
                agency("c", "h1", false), agency("d", "h1", true), agency("e", "h1", true)));

        AgencyChanges changes = AgencyChanges.between(running, next);

        assertThat(changes.added()).extracting(Agency::id).containsExactly("d", "e");
        assertThat(changes.removed()).extracting(Agency::id).containsExactly("c");
        assertThat(changes.replaced()).extracting(Agency::id).containsExactly("b");
        assertThat(changes.toString()).doesNotContain("pw");
        assertThat(AgencyChanges.between(next, next).isEmpty()).isTrue();
    }

    @Test
    void aViewOfTheHolderAnswersFromTheLatestRegistry() {
        AgencyRegistryHolder holder = new AgencyRegistryHolder(AgencyRegistry.of(List.of(agency("a", "h", true))));
        AgencyRegistry view = holder.view();
        assertThat(view.byId("b")).isEmpty();

        holder.set(AgencyRegistry.of(List.of(agency("b", "h", true))));

        assertThat(view.byId("b")).isPresent();
        assertThat(view.byId("a")).isEmpty();
        assertThat(view.agencies()).extracting(Agency::id).containsExactly("b");
    }
}
