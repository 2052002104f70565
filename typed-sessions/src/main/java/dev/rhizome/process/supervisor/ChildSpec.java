package dev.rhizome.process.supervisor;

import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessBody;
import dev.rhizome.process.ProcessContext;
import dev.rhizome.process.server.GenServer;
import dev.rhizome.process.server.ServerBehaviour;
import java.time.Duration;
import java.util.Objects;

/**
 * How to start, restart and stop one child. Defaults follow OTP: permanent, worker, shutdown 5 s for
 * a worker and infinity for a supervisor.
 *
 * @param id       unique among the supervisor's children
 * @param start    starts the child linked to the supervisor
 * @param restart  when it is restarted
 * @param shutdown how it is stopped
 * @param type        worker or supervisor
 * @param significant whether its exit without restart may shut the supervisor down (see
 *                    {@link SupervisorSpec.AutoShutdown}); only for transient and temporary children
 */
public record ChildSpec(String id, ChildStart start, RestartType restart, ShutdownPolicy shutdown, ChildType type,
        boolean significant) {

    /** Worker or supervisor; only the default shutdown differs. */
    public enum ChildType { WORKER, SUPERVISOR }

    public ChildSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(shutdown, "shutdown");
        Objects.requireNonNull(type, "type");
        if (significant && restart == RestartType.PERMANENT) {
            throw new IllegalArgumentException("child '" + id + "': a permanent child cannot be significant");
        }
    }

    /** A worker started by {@code start}. */
    public static ChildSpec worker(String id, ChildStart start) {
        return new ChildSpec(id, start, RestartType.PERMANENT, ShutdownPolicy.timeout(Duration.ofSeconds(5)), ChildType.WORKER, false);
    }

    /** A worker process running {@code body}. */
    public static <M> ChildSpec process(String id, ProcessBody<M> body) {
        return worker(id, args -> args.supervisor().spawnLink(body));
    }

    /** A worker gen_server. */
    public static <M, S> ChildSpec server(String id, Class<M> protocol, ServerBehaviour<M, S> behaviour) {
        return worker(id, args -> GenServer.startLink(args.supervisor(), protocol, behaviour));
    }

    /** A child supervisor. */
    public static ChildSpec supervisor(String id, SupervisorSpec spec) {
        return new ChildSpec(id, args -> Supervisor.startLink(args.supervisor(), spec), RestartType.PERMANENT,
                ShutdownPolicy.infinity(), ChildType.SUPERVISOR, false);
    }

    /**
     * A worker spawned from behaviour {@code behaviour} (registered with
     * {@link dev.rhizome.process.ProcessNode#registerBehaviour}) with {@code args}, on the node
     * {@code placement} chooses at each (re)start. Its crash arrives through the remote link; its
     * node's loss arrives as {@code noconnection}; both restart it by the strategy.
     */
    public static ChildSpec remote(String id, String behaviour, Object args, Placement placement) {
        return worker(id, a -> {
            ProcessContext<?> sup = a.supervisor();
            var overlay = sup.node().overlay();
            var members = overlay.isPresent() ? overlay.get().members() : java.util.Set.of(sup.node().self());
            String node = placement.choose(sup.node().self(), members, a.previousNode());
            Pid<?> pid = node.equals(sup.node().self().name()) && overlay.isEmpty()
                    ? null : sup.spawnLinkRemote(node, behaviour, args);
            if (pid == null) {
                throw new IllegalStateException("remote child '" + id + "' needs a distributed node");
            }
            return pid;
        });
    }

    public ChildSpec withRestart(RestartType type) {
        return new ChildSpec(id, start, type, shutdown, this.type, significant);
    }

    /** Marks the child significant (OTP 24's {@code significant => true}). */
    public ChildSpec asSignificant() {
        return new ChildSpec(id, start, restart, shutdown, type, true);
    }

    public ChildSpec withShutdown(ShutdownPolicy policy) {
        return new ChildSpec(id, start, restart, policy, type, significant);
    }

    public ChildSpec withType(ChildType childType) {
        ShutdownPolicy policy = childType == ChildType.SUPERVISOR && shutdown instanceof ShutdownPolicy.Timeout
                ? ShutdownPolicy.infinity() : shutdown;
        return new ChildSpec(id, start, restart, policy, childType, significant);
    }
}
