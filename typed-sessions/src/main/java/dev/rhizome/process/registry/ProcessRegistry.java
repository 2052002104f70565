package dev.rhizome.process.registry;

import dev.rhizome.process.Pid;
import java.util.Optional;

/**
 * A name registry a process can be registered in, Erlang's {@code {via, Module, Name}}: implement it
 * to plug in another registry. A process's names must be released before its exit signals and DOWN
 * messages go out, so a receiver of DOWN can register the name again at once.
 */
public interface ProcessRegistry {

    /** Registers {@code pid} under {@code name}; false if the name is held by another process. */
    boolean register(String name, Pid<?> pid);

    /** The process holding {@code name}, as far as this node knows. */
    Optional<Pid<?>> whereis(String name);

    /** Releases {@code name} if this node's process holds it. */
    void unregister(String name);
}
