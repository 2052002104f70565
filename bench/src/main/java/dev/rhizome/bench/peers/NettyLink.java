package dev.rhizome.bench.peers;

import dev.rhizome.bench.Msg;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Raw Netty, the ceiling: one NIO event loop per process, 4-byte length-prefixed frames (the prefix
 * written into the message's own buffer, one pooled direct buffer per message), TCP_NODELAY,
 * pooled direct buffers, writes batched with one flush per burst (per window refill on the sender,
 * per read loop on the receiver). The small path is the first connection, the bulk path a second one
 * (the client dials both; the server replies on the connection that last carried a small message).
 */
final class NettyLink extends PeerLink {

    private static final int MAX_FRAME = 16 << 20;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ByteBuf bulk = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(
            new byte[] {(byte) (Msg.BULK_BYTES >>> 24), (byte) (Msg.BULK_BYTES >>> 16), (byte) (Msg.BULK_BYTES >>> 8), (byte) Msg.BULK_BYTES},
            Msg.encode(Msg.BULK, 0, 0, Msg.BULK_BYTES)));
    private volatile Channel small;
    private volatile Channel bulkChannel;
    private Channel serverChannel;

    private NettyLink() {}

    static NettyLink server() throws InterruptedException {
        NettyLink link = new NettyLink();
        link.serverChannel = new ServerBootstrap().group(link.group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true).childHandler(link.initializer(true))
                .bind("127.0.0.1", 0).sync().channel();
        return link;
    }

    String address() {
        return "127.0.0.1:" + ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    static NettyLink client(String address) throws InterruptedException {
        NettyLink link = new NettyLink();
        String host = address.substring(0, address.lastIndexOf(':'));
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        Bootstrap bootstrap = new Bootstrap().group(link.group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).handler(link.initializer(false));
        link.small = bootstrap.connect(host, port).sync().channel();
        link.bulkChannel = bootstrap.connect(host, port).sync().channel();
        return link;
    }

    private ChannelInitializer<SocketChannel> initializer(boolean server) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 0, 4, 0, 4), new Inbound(server));
            }
        };
    }

    private final class Inbound extends ChannelInboundHandlerAdapter {
        private final boolean server;

        Inbound(boolean server) {
            this.server = server;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            int index = buf.readerIndex();
            int type = buf.getByte(index);
            long a = buf.getLong(index + 1);
            long b = buf.getLong(index + 9);
            buf.release();
            if (server && type != Msg.BULK) {
                small = ctx.channel();
            }
            handler.onMessage(type, a, b);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Channel ch = small;
            if (ch != null) {
                ch.flush();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            System.err.println("netty link: " + cause);
            ctx.close();
        }
    }

    @Override
    void send(int type, long a, long b, int size) {
        Channel ch = small;
        if (ch == null) {
            throw new IllegalStateException("not connected");
        }
        ByteBuf buf = ch.alloc().ioBuffer(4 + size);
        buf.writeInt(size).writeByte(type).writeLong(a).writeLong(b).writeZero(size - Msg.HEADER);
        if (ch.eventLoop().inEventLoop()) {
            ch.write(buf, ch.voidPromise());
        } else {
            ch.writeAndFlush(buf, ch.voidPromise());
        }
    }

    @Override
    void sendBulk() {
        bulkChannel.writeAndFlush(bulk.duplicate(), bulkChannel.voidPromise());
    }

    @Override
    void flush() {
        Channel ch = small;
        if (ch != null) {
            ch.flush();
        }
    }

    @Override
    void execute(Runnable task) {
        Channel ch = small;
        if (ch != null) {
            ch.eventLoop().execute(task);
        } else {
            task.run();
        }
    }

    @Override
    String describe() {
        return "Netty " + io.netty.util.Version.identify().getOrDefault("netty-transport",
                io.netty.util.Version.identify().values().iterator().next()).artifactVersion()
                + " NIO, 1 event loop, length-prefixed frames, batched flushes, 2 connections (small, bulk)";
    }

    @Override
    public void close() {
        for (Channel ch : new Channel[] {small, bulkChannel, serverChannel}) {
            if (ch != null) {
                ch.close().awaitUninterruptibly(1000);
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2000);
    }
}
