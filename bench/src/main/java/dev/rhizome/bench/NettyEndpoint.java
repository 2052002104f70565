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
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The raw-Netty baseline: one NIO event loop per process, 4-byte length-prefixed frames
 * ({@link LengthFieldPrepender} / {@link LengthFieldBasedFrameDecoder}), TCP_NODELAY, writes batched
 * with one flush per burst (per refill on the sender, per read loop on the receiver), pooled direct
 * buffers from the channel's default allocator.
 */
final class NettyEndpoint extends Endpoint {

    private static final int MAX_FRAME = 1 << 20;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final CountDownLatch connected = new CountDownLatch(1);
    private volatile Channel channel;
    private Channel serverChannel;

    private NettyEndpoint() {}

    /** Binds 127.0.0.1:0 and serves one connection at a time. */
    static NettyEndpoint server() throws InterruptedException {
        NettyEndpoint endpoint = new NettyEndpoint();
        endpoint.serverChannel = new ServerBootstrap()
                .group(endpoint.group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(endpoint.initializer())
                .bind("127.0.0.1", 0).sync().channel();
        return endpoint;
    }

    static NettyEndpoint client(String host, int port) throws InterruptedException {
        NettyEndpoint endpoint = new NettyEndpoint();
        new Bootstrap()
                .group(endpoint.group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(endpoint.initializer())
                .connect(host, port).sync();
        if (!endpoint.connected.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("netty client did not connect to " + host + ":" + port);
        }
        return endpoint;
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    private ChannelInitializer<SocketChannel> initializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(
                        new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4),
                        new LengthFieldPrepender(4),
                        new Inbound());
            }
        };
    }

    private final class Inbound extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            connected.countDown();
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            int index = buf.readerIndex();
            int type = buf.getByte(index);
            long a = buf.getLong(index + 1);
            long b = buf.getLong(index + 9);
            buf.release();
            handler.onMessage(type, a, b);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            System.err.println("netty endpoint: " + cause);
            ctx.close();
        }
    }

    @Override
    void send(int type, long a, long b, int size) {
        Channel ch = channel;
        if (ch == null) {
            throw new IllegalStateException("not connected");
        }
        ByteBuf buf = ch.alloc().ioBuffer(size);
        buf.writeByte(type).writeLong(a).writeLong(b).writeZero(size - Msg.HEADER);
        ch.write(buf, ch.voidPromise());
    }

    @Override
    void flush() {
        Channel ch = channel;
        if (ch != null) {
            ch.flush();
        }
    }

    @Override
    void execute(Runnable task) {
        Channel ch = channel;
        if (ch != null) {
            ch.eventLoop().execute(task);
        } else {
            task.run();
        }
    }

    @Override
    long sendFailures() {
        return 0;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly(1000);
        }
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(1000);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2000);
    }
}
