package dev.rhizome.channels;

import dev.rhizome.channels.handshake.HandshakeHandler;
import dev.rhizome.channels.handshake.HandshakeOutcome;
import dev.rhizome.channels.handshake.HandshakeProof;
import dev.rhizome.channels.handshake.HandshakeSettings;
import dev.rhizome.channels.wire.FrameDecoder;
import dev.rhizome.channels.wire.FrameEncoder;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that authenticates with the real handshake handler and then misbehaves as a test asks:
 * stops reading, or writes malformed frames. It counts but discards what it receives.
 */
final class RogueClient implements AutoCloseable {

    final NodeId identity;
    final AtomicLong bytesReceived = new AtomicLong();
    final CompletableFuture<Channel> established = new CompletableFuture<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private Channel channel;

    RogueClient(String name) {
        this(new NodeId(name, TestNodes.HOST, 1, 1));
    }

    /** A client that claims {@code identity}, a real node's, say. */
    RogueClient(NodeId identity) {
        this.identity = identity;
    }

    /** Connects to {@code address} on ({@code channelName}, {@code lane}) and waits for the handshake. */
    Channel connect(InetSocketAddress address, String channelName, int lane) throws Exception {
        HandshakeSettings settings = new HandshakeSettings(identity, TestNodes.CLUSTER,
                new HandshakeProof(TestNodes.SECRET),
                Map.of(channelName, ChannelSpec.of(channelName), ChannelSpec.CONTROL, ChannelSpec.of(ChannelSpec.CONTROL)),
                Duration.ofSeconds(5));
        HandshakeOutcome outcome = new HandshakeOutcome() {
            @Override
            public String admit(NodeId peer, String ch, int l) {
                return null;
            }

            @Override
            public void established(NodeId peer, String ch, int l) {
                established.complete(channel);
            }

            @Override
            public void failed(NodeId peer, String ch, String reason, boolean duplicate) {
                established.completeExceptionally(new IllegalStateException(reason));
            }
        };
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(io.netty.channel.ChannelOption.SO_RCVBUF, 4096)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new FrameDecoder(64 << 20), new FrameEncoder(),
                                HandshakeHandler.dialer(settings, outcome, null, channelName, lane),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof io.netty.buffer.ByteBuf buf) {
                                            bytesReceived.addAndGet(buf.readableBytes());
                                        }
                                        ReferenceCountUtil.release(msg);
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }
                                });
                    }
                }).connect(address).sync().channel();
        established.get(5, TimeUnit.SECONDS); // the handshake can finish before connect() returns the channel
        return channel;
    }

    Channel channel() {
        return channel;
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
