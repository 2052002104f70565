package dev.rhizome.channels.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that leaked a Netty reference-counted object.
 *
 * <p>It installs (once per JVM, before any buffer class sets up its detector) a
 * {@link ResourceLeakDetectorFactory} whose detectors record every leak report instead of only
 * logging it. After all tests of a class it runs the garbage collector and allocates a few tracked
 * buffers, which makes the detectors look at collected-but-unreleased objects, and throws an
 * {@link AssertionError} listing the leaks recorded while the class ran. Run with
 * {@code -Dio.netty.leakDetection.level=PARANOID} so that every buffer is tracked.
 *
 * <p>Registered for autodetection in {@code META-INF/services/org.junit.jupiter.api.extension.Extension};
 * non-Jupiter engines (jqwik) call {@link #install()} and {@link #assertNoLeaks()} themselves.
 */
public final class NettyLeakExtension implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();
    private static final int GC_ROUNDS = 5;
    private static boolean installed;

    static {
        install();
    }

    /** Installs the recording factory; idempotent. */
    public static synchronized void install() {
        if (!installed) {
            ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory(LEAKS::add));
            installed = true;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        install();
        surfaceLeaks();
        LEAKS.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoLeaks();
    }

    /** Surfaces pending leak reports and throws if any leak was recorded since the last check. */
    public static void assertNoLeaks() {
        surfaceLeaks();
        List<String> found = new ArrayList<>(LEAKS);
        LEAKS.clear();
        verify(found);
    }

    /** Throws an {@link AssertionError} describing {@code leaks} if it is not empty. */
    public static void verify(List<String> leaks) {
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty resource leak(s) detected:\n" + String.join("\n---\n", leaks));
        }
    }

    /** Collects garbage and allocates tracked buffers so that detectors report what was collected. */
    public static void surfaceLeaks() {
        List<ByteBufAllocator> allocators = List.of(ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT,
                UnpooledByteBufAllocator.DEFAULT);
        for (int round = 0; round < GC_ROUNDS; round++) {
            System.gc();
            System.runFinalization();
            for (ByteBufAllocator allocator : allocators) {
                ByteBuf heap = allocator.heapBuffer(8);
                ByteBuf direct = allocator.directBuffer(8);
                heap.release();
                direct.release();
            }
        }
    }

    /** A factory whose detectors pass every leak report to a sink. */
    public static final class RecordingFactory extends ResourceLeakDetectorFactory {

        private final Consumer<String> sink;

        public RecordingFactory(Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval, sink);
        }
    }

    /** A detector that records leaks as well as logging them. */
    public static final class RecordingDetector<T> extends ResourceLeakDetector<T> {

        private final Consumer<String> sink;

        public RecordingDetector(Class<?> resourceType, int samplingInterval, Consumer<String> sink) {
            super(resourceType, samplingInterval);
            this.sink = sink;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            sink.accept("LEAK of " + resourceType + ":" + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            sink.accept("LEAK of " + resourceType + " (no access records)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
