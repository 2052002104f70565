package dev.rhizome.process.internal;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Where reactors run when they cannot run on the sender's thread: one FIFO work-stealing pool for the
 * JVM, one daemon thread per core, and the per-thread count of reactor turns under way, which bounds
 * how deeply one reactor's send may run another inline.
 */
final class ReactorPool {

    /** Reactor turns nested on one thread at most (a send from a handler may run one more inline). */
    static final int MAX_DEPTH = 2;

    private static final ForkJoinPool POOL = new ForkJoinPool(Runtime.getRuntime().availableProcessors(), pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setName("rhizome-reactor-" + t.getPoolIndex());
        t.setDaemon(true);
        return t;
    }, null, true);

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private ReactorPool() {}

    static void execute(Runnable task) {
        POOL.execute(task);
    }

    /** Enters a reactor turn on this thread if {@code inline} nesting allows it; false if not. */
    static boolean tryEnter(boolean inline) {
        int[] depth = DEPTH.get();
        if (inline && depth[0] >= MAX_DEPTH) {
            return false;
        }
        depth[0]++;
        return true;
    }

    static void exit() {
        DEPTH.get()[0]--;
    }
}
