package dev.rhizome.bench.jmh;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Meter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Prices the per-message pieces of a send on the event loop, in isolation (single thread, no
 * socket): what the transport benchmark's profile pointed at. {@code java -jar
 * bench/target/rhizome-bench.jar jmh SendPathBench}.
 *
 * <p>The burst benchmarks write {@value #BURST} 121-byte frames from inside {@code channelRead}
 * (as an ack-driven refill does) through a pipeline shaped like a Rhizome connection after the
 * handshake: {@code FlushConsolidationHandler(256, false)} first, then a pass-through
 * {@code MessageToByteEncoder} (Rhizome's FrameEncoder, which matches only control frames). Scores
 * are per message. An {@link EmbeddedChannel} does no I/O, so the scores are the pipeline, promise
 * and listener costs only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dio.netty.leakDetection.level=disabled", "--sun-misc-unsafe-memory-access=allow"})
public class SendPathBench {

    static final int BURST = 256;

    private final Meter meter = new Meter();
    private final Counter counter = new Counter();
    private long plain;

    private EmbeddedChannel channel;
    private Burst burst;
    private ByteBuf frame;

    /** Marker type: the pass-through encoder only encodes these (like FrameEncoder's ControlFrame). */
    static final class Control {
    }

    static final class PassThroughEncoder extends MessageToByteEncoder<Control> {
        PassThroughEncoder() {
            super(Control.class);
        }

        @Override
        protected void encode(ChannelHandlerContext ctx, Control msg, ByteBuf out) {
            out.writeByte(0);
        }
    }

    /** Writes a burst from inside channelRead, in one of three styles. */
    static final class Burst extends ChannelInboundHandlerAdapter {
        int style;
        ByteBuf frame;
        int completions;
        final ChannelFutureListener listener = f -> completions++;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            var ch = ctx.channel();
            switch (style) {
                case 0 -> { // Rhizome's on-loop path today: writeAndFlush + promise + listener per message
                    for (int i = 0; i < BURST; i++) {
                        ch.writeAndFlush(frame.retainedDuplicate()).addListener(listener);
                    }
                }
                case 1 -> { // same, with a void promise: isolates the promise/listener cost
                    for (int i = 0; i < BURST; i++) {
                        ch.writeAndFlush(frame.retainedDuplicate(), ch.voidPromise());
                    }
                }
                default -> { // the baseline's style (and Rhizome's off-loop drain): void promises, one tracked write, one flush
                    for (int i = 0; i < BURST - 1; i++) {
                        ch.write(frame.retainedDuplicate(), ch.voidPromise());
                    }
                    ch.write(frame.retainedDuplicate()).addListener(listener);
                    ch.flush();
                }
            }
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        frame = Unpooled.directBuffer(121).writeZero(121);
        burst = new Burst();
        burst.frame = frame;
        channel = new EmbeddedChannel(new FlushConsolidationHandler(256, false), new PassThroughEncoder(), burst);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        frame.release();
    }

    private int run(int style) {
        burst.style = style;
        channel.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
        channel.pipeline().fireChannelReadComplete();
        channel.releaseOutbound();
        return burst.completions;
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public int burstWriteAndFlushPerMessageWithListener() {
        return run(0);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public int burstWriteAndFlushPerMessageVoidPromise() {
        return run(1);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public int burstWriteVoidPromiseOneFlush() {
        return run(2);
    }

    /** Dropwizard Meter.mark(): per message on Rhizome's receive path and on-loop send path. */
    @Benchmark
    public void meterMark() {
        meter.mark();
    }

    /** Dropwizard Counter.inc() (one LongAdder). */
    @Benchmark
    public void counterInc() {
        counter.inc();
    }

    /** A plain field increment: what an event-loop-confined count costs. */
    @Benchmark
    public long plainIncrement() {
        return ++plain;
    }

    /** The per-send future: allocated and completed for every send. */
    @Benchmark
    public Object futureNewAndComplete() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        f.complete(null);
        return f;
    }

    /** The same with one dependent (an application attaching whenComplete to each send). */
    @Benchmark
    public Object futureWithDependent() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        CompletableFuture<Void> g = f.whenComplete((v, t) -> { });
        f.complete(null);
        return g;
    }
}
