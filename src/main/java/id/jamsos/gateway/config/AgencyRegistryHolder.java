package id.jamsos.gateway.config;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The agencies the running gateway serves now. A reload of agencies.yaml swaps the whole registry in
 * one step, so a reader sees either the old set or the new one, never a mix.
 */
public final class AgencyRegistryHolder implements Supplier<AgencyRegistry> {

    private final AtomicReference<AgencyRegistry> current;

    public AgencyRegistryHolder(AgencyRegistry initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    @Override
    public AgencyRegistry get() {
        return current.get();
    }

    public void set(AgencyRegistry next) {
        current.set(Objects.requireNonNull(next, "next"));
    }

    /** A registry that follows this holder, for code that keeps the registry it was given. */
    public AgencyRegistry view() {
        return AgencyRegistry.following(this);
    }
}
