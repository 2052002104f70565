package dev.rhizome.bench;

import com.codahale.metrics.MetricRegistry;
import dev.rhizome.channels.Transport;
import dev.rhizome.channels.TransportConfig;
import dev.rhizome.channels.TransportListener;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.ReferenceCountUtil;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One process of the {@code hol} loopback setting, so that each side of each system runs in its own
 * JVM, as in the {@code transport} benchmark:
 * <pre>
 *  hol-child server rhizome          → READY port incarnation   (answers pings on channel rpc)
 *  hol-child server netty            → READY port               (answers 100-byte frames)
 *  hol-child client rhizome port inc → READY; then "lat MILLIS" → RESULT count=N hist=BASE64
 *  hol-child client netty port       → READY; the same commands
 * </pre>
 * A client measures sequential 100-byte ping-pong on one connection (Rhizome: channel {@code rpc})
 * while a thread streams 8 MiB messages on a second one (Rhizome: channel {@code bulk}; Netty: a
 * second TCP connection), both with the same watermarks (256 KiB / 1 MiB) and backpressure (the
 * streamer waits while its connection is above the high watermark). One event loop per process.
 */
final class HolChild {

    static final int BULK_BYTES = 8 << 20;
    private static final String RPC = "rpc";
    private static final String BULK = "bulk";
    private static final int PING = 1;
    private static final int PONG = 2;
    private static final byte[] SECRET = "hol-benchmark-secret".getBytes(StandardCharsets.UTF_8);
    private static final List<ChannelSpec> CHANNELS = List.of(ChannelSpec.of(RPC), ChannelSpec.of(BULK));
    private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
            StandardCharsets.UTF_8);

    /** The client side of one system: a round trip on one connection, one bulk message on the other. */
    private interface Link extends AutoCloseable {
        void roundTrip() throws Exception;

        void bulk() throws Exception;

        @Override
        void close();
    }

    private HolChild() {
    }

    static int main(String[] args) throws Exception {
        System.setOut(System.err);
        AutoCloseable resource;
        Link link = null;
        if (args[0].equals("server")) {
            resource = args[1].equals("rhizome") ? rhizomeServer() : nettyServer();
        } else {
            int port = Integer.parseInt(args[2]);
            link = args[1].equals("rhizome") ? new RhizomeLink(port, Long.parseLong(args[3])) : new NettyLink(port);
            resource = link;
            OUT.println("READY");
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("quit")) {
            String[] words = line.trim().split("\\s+");
            if (link != null && words[0].equals("lat")) {
                Histogram h = latency(link, Long.parseLong(words[1]));
                ByteBuffer buffer = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
                int length = h.encodeIntoCompressedByteBuffer(buffer);
                OUT.println("RESULT count=" + h.getTotalCount() + " hist="
                        + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length)));
            }
        }
        resource.close();
        return 0;
    }

    /** Sequential round trips for {@code millis} while a thread streams bulk messages. */
    private static Histogram latency(Link link, long millis) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread streamer = Thread.ofPlatform().name("hol-bulk").start(() -> {
            for (long i = 0; i < 1_000_000_000L && running.get(); i++) {
                try {
                    link.bulk();
                } catch (Exception e) {
                    System.err.println("bulk send failed: " + e);
                }
            }
        });
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            long start = System.nanoTime();
            link.roundTrip();
            h.recordValue(System.nanoTime() - start);
        }
        running.set(false);
        streamer.join(60_000);
        return h;
    }

    // ---- Rhizome ----

    private static AutoCloseable rhizomeServer() {
        AtomicReference<Transport> self = new AtomicReference<>();
        Transport b = Transport.start(TransportConfig.defaults("hol-b", "127.0.0.1", 0, System.nanoTime(), "hol", SECRET,
                CHANNELS), listener((peer, codec) -> {
                    if (codec == PING) {
                        self.get().send(peer, RPC, Transport.NO_KEY, PONG, new byte[100]);
                    }
                }), new MetricRegistry());
        self.set(b);
        OUT.println("READY " + b.self().port() + " " + b.self().incarnation());
        return b;
    }

    private static final class RhizomeLink implements Link {
        private final Transport a;
        private final NodeId b;
        private final AtomicReference<CompletableFuture<Void>> pong = new AtomicReference<>();
        private final byte[] bulk = new byte[BULK_BYTES];

        RhizomeLink(int port, long incarnation) {
            a = Transport.start(TransportConfig.defaults("hol-a", "127.0.0.1", 0, 1, "hol", SECRET, CHANNELS),
                    listener((peer, codec) -> {
                        CompletableFuture<Void> f = pong.get();
                        if (codec == PONG && f != null) {
                            f.complete(null);
                        }
                    }), new MetricRegistry());
            b = new NodeId("hol-b", "127.0.0.1", port, incarnation);
            a.connect(b);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < end && (a.connectionCount(b, RPC) < 1 || a.connectionCount(b, BULK) < 1)) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }

        @Override
        public void roundTrip() throws Exception {
            CompletableFuture<Void> f = new CompletableFuture<>();
            pong.set(f);
            a.send(b, RPC, Transport.NO_KEY, PING, new byte[100]);
            f.get(60, TimeUnit.SECONDS);
        }

        @Override
        public void bulk() throws Exception {
            a.sendBlocking(b, BULK, Transport.NO_KEY, 3, bulk, Duration.ofSeconds(30));
        }

        @Override
        public void close() {
            a.close();
        }
    }

    private static TransportListener listener(java.util.function.BiConsumer<NodeId, Integer> onMessage) {
        return new TransportListener() {
            @Override
            public void onChannelUp(NodeId peer, String channel) {
            }

            @Override
            public void onChannelDown(NodeId peer, String channel) {
            }

            @Override
            public void onData(NodeId peer, String channel, int codecId, byte[] payload) {
                onMessage.accept(peer, codecId);
            }

            @Override
            public void onDialFailed(InetSocketAddress address, String reason) {
            }
        };
    }

    // ---- raw Netty ----

    private static io.netty.channel.ChannelPipeline framing(Channel ch) {
        return ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(64 << 20, 0, 4, 0, 4))
                .addLast(new LengthFieldPrepender(4));
    }

    private static AutoCloseable nettyServer() throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        framing(ch).addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                boolean ping = ((ByteBuf) msg).readableBytes() == 100;
                                ReferenceCountUtil.release(msg);
                                if (ping) {
                                    ctx.writeAndFlush(ctx.alloc().directBuffer(100).writeZero(100), ctx.voidPromise());
                                }
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        OUT.println("READY " + ((InetSocketAddress) server.localAddress()).getPort());
        return () -> {
            server.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        };
    }

    private static final class NettyLink implements Link {
        private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        private final AtomicReference<CompletableFuture<Void>> pong = new AtomicReference<>();
        private final Channel rpc;
        private final Channel bulk;
        private final byte[] payload = new byte[BULK_BYTES];

        NettyLink(int port) throws InterruptedException {
            rpc = connect(port);
            bulk = connect(port);
        }

        private Channel connect(int port) throws InterruptedException {
            return new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            framing(ch).addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ReferenceCountUtil.release(msg);
                                    CompletableFuture<Void> f = pong.get();
                                    if (f != null) {
                                        f.complete(null);
                                    }
                                }
                            });
                        }
                    }).connect("127.0.0.1", port).sync().channel();
        }

        @Override
        public void roundTrip() throws Exception {
            CompletableFuture<Void> f = new CompletableFuture<>();
            pong.set(f);
            rpc.writeAndFlush(rpc.alloc().directBuffer(100).writeZero(100), rpc.voidPromise());
            f.get(60, TimeUnit.SECONDS);
        }

        @Override
        public void bulk() {
            for (int w = 0; w < 1_000_000 && !bulk.isWritable() && bulk.isActive(); w++) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            }
            bulk.writeAndFlush(bulk.alloc().directBuffer(BULK_BYTES).writeBytes(payload), bulk.voidPromise());
        }

        @Override
        public void close() {
            rpc.close();
            bulk.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
