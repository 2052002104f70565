package dev.rhizome.process.server;

import dev.rhizome.process.Exit;
import dev.rhizome.process.ExitException;
import dev.rhizome.process.ExitReason;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessBody;
import dev.rhizome.process.ProcessContext;
import dev.rhizome.process.ProcessNode;
import dev.rhizome.process.Reactor;
import dev.rhizome.process.Request;
import dev.rhizome.process.SpawnException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ServerBehaviour} as a process, the way OTP's gen_server does: synchronous start
 * (init runs before start returns), calls with correlated replies through one-shot aliases, casts,
 * other messages to {@code handleInfo}, and {@code terminate} on a stop, a crash, or an exit signal
 * from the parent while trapping exits.
 *
 * <p>Call it with {@link ProcessContext#call} or {@link ProcessNode#call} (default timeout 5 s); a
 * timeout, the server's death or its node's loss fail the call with a
 * {@link dev.rhizome.process.CallException} whose reason is {@code timeout}, the server's reason, or
 * {@code {nodedown, Node}}. A reply after a timeout is dropped.
 */
public final class GenServer {

    private static final Logger LOG = LoggerFactory.getLogger(GenServer.class);

    private GenServer() {}

    /** Thrown from {@link ServerBehaviour#init} to start nothing (OTP's {@code ignore}). */
    public static final class Ignore extends RuntimeException {
        public Ignore() {
            super("ignore", null, false, false);
        }
    }

    /** Starts a server outside any supervision tree. Returns null if init ignored. */
    public static <M, S> Pid<M> start(ProcessNode node, Class<M> protocol, ServerBehaviour<M, S> behaviour) {
        CompletableFuture<Pid<M>> started = new CompletableFuture<>();
        node.spawn(protocol, body(behaviour, started));
        return Startup.await(started);
    }

    /** Starts a server linked to the calling process. Returns null if init ignored. */
    public static <M, S> Pid<M> startLink(ProcessContext<?> parent, Class<M> protocol, ServerBehaviour<M, S> behaviour) {
        CompletableFuture<Pid<M>> started = new CompletableFuture<>();
        parent.spawnLink(protocol, body(behaviour, started));
        return Startup.await(started);
    }

    /**
     * The process body of a server, for spawning it any other way (for instance as a remote
     * behaviour). {@code started} completes with the pid once init succeeded, with null if it
     * ignored, or exceptionally if it failed.
     */
    public static <M, S> ProcessBody<M> body(ServerBehaviour<M, S> behaviour, CompletableFuture<Pid<M>> started) {
        return self -> {
            S state = initialState(behaviour, started, self);
            started.complete(self.self());
            loop(behaviour, state, self);
        };
    }

    /** The body of a server started by name on a remote node: no one waits for its start. */
    public static <M, S> ProcessBody<M> body(ServerBehaviour<M, S> behaviour) {
        return body(behaviour, new CompletableFuture<>());
    }

    private static <M, S> void loop(ServerBehaviour<M, S> behaviour, S initial, ProcessContext<M> self) {
        S state = initial;
        while (true) {
            state = step(behaviour, state, self.receive(), self);
        }
    }

    /** Handles one message; returns the new state, or throws the server's exit after terminate ran. */
    @SuppressWarnings("unchecked")
    private static <M, S> S step(ServerBehaviour<M, S> behaviour, S state, Object message, ProcessContext<M> self) {
        Next<S> next;
        try {
            next = switch (message) {
                case Request.Call call -> {
                    Next<S> n = behaviour.handleCall((M) call.body(), call.from(), state, self);
                    if (n instanceof Next.Reply<S> reply) {
                        self.reply(call.from(), reply.value());
                    } else if (n instanceof Next.Stop<S> stop && stop.reply()) {
                        self.reply(call.from(), stop.value());
                    }
                    yield n;
                }
                case Request.Cast cast -> behaviour.handleCast((M) cast.body(), state, self);
                case Exit exit when self.trapsExits() && self.parent().filter(exit.from()::equals).isPresent() ->
                        new Next.Stop<>(exit.reason(), false, null, state);
                default -> behaviour.handleInfo(message, state, self);
            };
        } catch (ExitException e) {
            stopWith(behaviour, e.reason(), state, self);
            throw e;
        } catch (Exception | Error e) {
            ExitReason reason = ExitReason.error(e.toString());
            LOG.debug("server {} crashed", self.self(), e);
            stopWith(behaviour, reason, state, self);
            throw new ExitException(reason);
        }
        return switch (next) {
            case Next.NoReply<S> n -> n.state();
            case Next.Reply<S> r -> r.state();
            case Next.Stop<S> stop -> {
                stopWith(behaviour, stop.reason(), stop.state(), self);
                throw new ExitException(stop.reason());
            }
        };
    }

    /**
     * Starts a server as a {@link Reactor}: it has no thread of its own, so it costs no thread
     * hand-off per request (a request to an idle server is handled on the thread that delivers it),
     * but its callbacks must not block: {@code call} and {@code receive} are refused inside them.
     * Returns null if init ignored.
     */
    public static <M, S> Pid<M> startReactor(ProcessNode node, Class<M> protocol, ServerBehaviour<M, S> behaviour) {
        CompletableFuture<Pid<M>> started = new CompletableFuture<>();
        node.spawnReactor(protocol, reactor(behaviour, started));
        return Startup.await(started);
    }

    /** A server as a {@link Reactor}; {@code started} completes as for {@link #body}. */
    public static <M, S> Reactor<M> reactor(ServerBehaviour<M, S> behaviour, CompletableFuture<Pid<M>> started) {
        return new Reactor<>() {
            private S state;

            @Override
            public void init(ProcessContext<M> self) {
                state = initialState(behaviour, started, self);
                started.complete(self.self());
            }

            @Override
            public void handle(Object message, ProcessContext<M> self) {
                state = step(behaviour, state, message, self);
            }
        };
    }

    private static <M, S> S initialState(ServerBehaviour<M, S> behaviour, CompletableFuture<Pid<M>> started,
            ProcessContext<M> self) {
        try {
            return behaviour.init(self);
        } catch (Ignore ignore) {
            started.complete(null);
            throw new ExitException(ExitReason.NORMAL);
        } catch (ExitException e) {
            started.completeExceptionally(new SpawnException("init failed: " + e.reason()));
            throw e;
        } catch (Exception e) {
            started.completeExceptionally(new SpawnException("init failed: " + e, e));
            throw new ExitException(ExitReason.error(e.toString()));
        }
    }

    private static <M, S> void stopWith(ServerBehaviour<M, S> behaviour, ExitReason reason, S state, ProcessContext<M> self) {
        try {
            behaviour.terminate(reason, state, self);
        } catch (RuntimeException e) {
            LOG.warn("terminate of server {} failed", self.self(), e);
        }
    }
}
