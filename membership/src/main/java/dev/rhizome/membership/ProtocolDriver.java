package dev.rhizome.membership;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.overlay.spi.Input;
import dev.rhizome.overlay.spi.Output;
import dev.rhizome.overlay.spi.Protocol;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a sans-IO {@link Protocol} on one thread: feeds it inputs with the current time, keeps its
 * timers, and hands every other output to a performer. The protocol itself never sees this thread.
 *
 * <p>Other threads read the member set from a snapshot taken after each step.
 */
final class ProtocolDriver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolDriver.class);

    private final Protocol protocol;
    private final LongSupplier clock;
    private final Consumer<Output> performer;
    private final ScheduledExecutorService thread;
    private final Map<Object, ScheduledFuture<?>> timers = new HashMap<>();
    private volatile SortedSet<NodeId> members;
    private volatile SortedSet<NodeId> passiveView;

    ProtocolDriver(String nodeName, Protocol protocol, LongSupplier clock, Consumer<Output> performer) {
        this.protocol = protocol;
        this.clock = clock;
        this.performer = performer;
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "rhizome-protocol-" + nodeName);
            t.setDaemon(true);
            return t;
        });
        this.members = Collections.unmodifiableSortedSet(new TreeSet<>(protocol.members()));
        this.passiveView = Collections.unmodifiableSortedSet(new TreeSet<>(protocol.passiveView()));
    }

    /** Queues {@code input}; it is handled after every input submitted before it. */
    void submit(Input input) {
        try {
            thread.execute(() -> step(input));
        } catch (RejectedExecutionException stopped) {
            LOG.debug("protocol stopped; dropped input {}", input);
        }
    }

    /** Queues {@code input} and completes once its outputs have been performed. */
    CompletableFuture<Void> submitAndWait(Input input) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                step(input);
                done.complete(null);
            });
        } catch (RejectedExecutionException stopped) {
            done.completeExceptionally(new IllegalStateException("the node is shut down"));
        }
        return done;
    }

    /**
     * Runs {@code query} against the protocol on its thread, after every input submitted before it;
     * for reads of protocol state that is not thread-safe, such as its router's cache.
     */
    <T> CompletableFuture<T> call(java.util.function.Function<Protocol, T> query) {
        CompletableFuture<T> done = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    done.complete(query.apply(protocol));
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException stopped) {
            done.completeExceptionally(new IllegalStateException("the node is shut down"));
        }
        return done;
    }

    /** The members after the last step. */
    SortedSet<NodeId> members() {
        return members;
    }

    /** The protocol's passive view after the last step. */
    SortedSet<NodeId> passiveView() {
        return passiveView;
    }

    private void step(Input input) {
        List<Output> outputs;
        try {
            outputs = protocol.handle(clock.getAsLong(), input);
        } catch (RuntimeException e) {
            LOG.error("protocol failed on {}; input ignored, node keeps running", input, e);
            return;
        }
        for (Output output : outputs) {
            try {
                switch (output) {
                    case Output.SetTimer set -> setTimer(set);
                    case Output.CancelTimer cancel -> cancelTimer(cancel.key());
                    default -> performer.accept(output);
                }
            } catch (RuntimeException e) {
                LOG.warn("could not perform {}", output, e);
            }
        }
        members = Collections.unmodifiableSortedSet(new TreeSet<>(protocol.members()));
        passiveView = Collections.unmodifiableSortedSet(new TreeSet<>(protocol.passiveView()));
    }

    private void setTimer(Output.SetTimer set) {
        cancelTimer(set.key());
        long delay = Math.max(0, set.atMillis() - clock.getAsLong());
        Object key = set.key();
        ScheduledFuture<?> future = thread.schedule(() -> {
            timers.remove(key);
            step(new Input.TimerFired(key));
        }, delay, TimeUnit.MILLISECONDS);
        timers.put(key, future);
    }

    private void cancelTimer(Object key) {
        ScheduledFuture<?> previous = timers.remove(key);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
