package dev.rhizome.process.internal;

import dev.rhizome.process.ProcessBody;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Behaviours this node can spawn by name for other nodes; code never travels, only the name and args. */
public final class BehaviourTable {

    /** One registered behaviour. */
    public record Entry<A, M>(Class<A> argType, Class<M> protocol, Function<A, ProcessBody<M>> factory) {
        ProcessBody<M> create(Object args) {
            if (args != null && !argType.isInstance(args)) {
                throw new IllegalArgumentException("arguments are a " + args.getClass().getName() + ", not a "
                        + argType.getName());
            }
            return factory.apply(argType.cast(args));
        }
    }

    private final Map<String, Entry<?, ?>> entries = new ConcurrentHashMap<>();

    public <A, M> void register(String name, Class<A> argType, Class<M> protocol, Function<A, ProcessBody<M>> factory) {
        if (entries.putIfAbsent(name, new Entry<>(argType, protocol, factory)) != null) {
            throw new IllegalStateException("behaviour '" + name + "' is already registered");
        }
    }

    public Optional<Entry<?, ?>> find(String name) {
        return Optional.ofNullable(entries.get(name));
    }
}
