package dev.rhizome.process;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A test process that forwards everything it receives to the test thread. Optionally traps exits and
 * runs a setup step (link, monitor) on its own thread first.
 */
public final class Probe {

    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
    private final Pid<Object> pid;

    private Probe(ProcessNode node, boolean trap, Consumer<ProcessContext<Object>> setup) {
        LinkedBlockingQueue<Object> ready = new LinkedBlockingQueue<>();
        this.pid = node.spawn(self -> {
            self.trapExit(trap);
            // commands from the test thread run on the probe's own thread
            if (setup != null) {
                setup.accept(self);
            }
            ready.add(true);
            while (true) {
                Object m = self.receive();
                if (m instanceof Command c) {
                    c.action().accept(self);
                    ready.add(true);
                } else {
                    received.add(m);
                }
            }
        });
        take(ready);
    }

    private record Command(Consumer<ProcessContext<Object>> action) {}

    public static Probe start(ProcessNode node) {
        return new Probe(node, false, null);
    }

    public static Probe trapping(ProcessNode node) {
        return new Probe(node, true, null);
    }

    public Pid<Object> pid() {
        return pid;
    }

    /** Runs {@code action} on the probe's thread and waits for it. */
    public void run(ProcessNode node, Consumer<ProcessContext<Object>> action) {
        LinkedBlockingQueue<Object> done = new LinkedBlockingQueue<>();
        node.send(pid, new Command(self -> {
            action.accept(self);
            done.add(true);
        }));
        take(done);
    }

    private static void take(LinkedBlockingQueue<Object> q) {
        try {
            if (q.poll(10, TimeUnit.SECONDS) == null) {
                fail("probe did not answer");
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The next message, which must be a {@code type}, within 5 s. */
    public <T> T expect(Class<T> type) {
        return expect(type, Duration.ofSeconds(5));
    }

    public <T> T expect(Class<T> type, Duration within) {
        try {
            Object m = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                fail("no " + type.getSimpleName() + " within " + within);
            }
            assertTrue(type.isInstance(m), "expected a " + type.getSimpleName() + " but got " + m);
            return type.cast(m);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts nothing arrives within {@code window}. */
    public void expectNothing(Duration window) {
        try {
            assertNull(received.poll(window.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
