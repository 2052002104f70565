package dev.rhizome.bench;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The {@code hol} baseline: raw Netty doing what the Rhizome pair does on plain loopback, over two
 * connections (one for the 100-byte ping-pong, one for the 8 MiB stream), with the same threading (one
 * event loop per side, in this JVM), the same framing cost (4-byte length prefix, one copy of each
 * payload into a pooled direct buffer), the same watermarks (256 KiB / 1 MiB) and the same bulk
 * backpressure (the streaming thread waits while the bulk connection is unwritable).
 */
final class NettyHolPair implements AutoCloseable {

    private static final int MAX_FRAME = 64 << 20;

    private final EventLoopGroup serverGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final AtomicReference<CompletableFuture<Void>> pong = new AtomicReference<>();
    private final Channel server;
    private final Channel rpc;
    private final Channel bulk;

    NettyHolPair() throws InterruptedException {
        server = new ServerBootstrap().group(serverGroup).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        framing(ch).addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf frame = (ByteBuf) msg;
                                boolean ping = frame.readableBytes() == 100;
                                ReferenceCountUtil.release(frame);
                                if (ping) {
                                    ctx.writeAndFlush(ctx.alloc().directBuffer(100).writeZero(100), ctx.voidPromise());
                                }
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        rpc = connect();
        bulk = connect();
    }

    private Channel connect() throws InterruptedException {
        return new Bootstrap().group(clientGroup).channel(NioSocketChannel.class)
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
                }).connect(server.localAddress()).sync().channel();
    }

    private static io.netty.channel.ChannelPipeline framing(Channel ch) {
        return ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4))
                .addLast(new LengthFieldPrepender(4));
    }

    /** Sequential ping-pong for {@code millis} on the rpc connection, with 8 MiB messages streaming on the bulk one. */
    Histogram latency(long millis, int bulkBytes) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        byte[] payload = new byte[bulkBytes];
        Thread streamer = Thread.ofPlatform().name("netty-bulk").start(() -> {
            for (long i = 0; i < 1_000_000_000L && running.get(); i++) {
                for (int w = 0; w < 1_000_000 && !bulk.isWritable() && running.get(); w++) {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                }
                ByteBuf frame = bulk.alloc().directBuffer(bulkBytes).writeBytes(payload);
                bulk.writeAndFlush(frame, bulk.voidPromise());
            }
        });
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            pong.set(f);
            long start = System.nanoTime();
            rpc.writeAndFlush(rpc.alloc().directBuffer(100).writeZero(100), rpc.voidPromise());
            f.get(60, TimeUnit.SECONDS);
            h.recordValue(System.nanoTime() - start);
        }
        running.set(false);
        streamer.join(60_000);
        return h;
    }

    @Override
    public void close() {
        rpc.close();
        bulk.close();
        server.close();
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        serverGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
