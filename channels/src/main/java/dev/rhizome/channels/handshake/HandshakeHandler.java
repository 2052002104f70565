package dev.rhizome.channels.handshake;

import dev.rhizome.channels.wire.Accept;
import dev.rhizome.channels.wire.Challenge;
import dev.rhizome.channels.wire.ControlCodec;
import dev.rhizome.channels.wire.ControlFrame;
import dev.rhizome.channels.wire.ControlMessage;
import dev.rhizome.channels.wire.FrameEncoder;
import dev.rhizome.channels.wire.FrameType;
import dev.rhizome.channels.wire.Frames;
import dev.rhizome.channels.wire.Hello;
import dev.rhizome.channels.wire.ProtocolException;
import dev.rhizome.channels.wire.Refuse;
import dev.rhizome.channels.wire.Response;
import dev.rhizome.channels.wire.WireNode;
import dev.rhizome.overlay.ChannelSpec;
import dev.rhizome.overlay.NodeId;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the handshake of one connection, then removes itself from the pipeline.
 *
 * <pre>
 *  dialer                                   acceptor
 *    | HELLO(cluster, version, id, channel, lane, nonceD) |
 *    |--------------------------------------------------->|  check cluster, version, channel, lane
 *    |      CHALLENGE(id, nonceA, macA)  or  REFUSE       |
 *    |<---------------------------------------------------|
 *    | check macA, dialed identity                        |
 *    |           RESPONSE(macD)  or  REFUSE               |
 *    |--------------------------------------------------->|  check macD, tie-break
 *    |            ACCEPT  or  REFUSE                      |
 *    |<---------------------------------------------------|
 * </pre>
 *
 * <p>On success it also removes the {@link FrameEncoder} (only complete DATA buffers are written after
 * the handshake). Consumes (and releases) the frames the {@code FrameDecoder} emits until the handshake is done;
 * any failure (bad message, wrong MAC, timeout, protocol error) sends REFUSE when it makes sense,
 * closes this one connection and reports to {@link HandshakeOutcome#failed}.
 */
public final class HandshakeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HandshakeHandler.class);

    private enum State { AWAIT_HELLO, AWAIT_CHALLENGE, AWAIT_RESPONSE, AWAIT_ACCEPT, DONE, FAILED }

    private final HandshakeSettings settings;
    private final HandshakeOutcome outcome;
    private final NodeId expectedPeer;
    private String channel;
    private int lane;
    private State state;
    private byte[] dialerNonce;
    private byte[] acceptorNonce;
    private NodeId peer;
    private ScheduledFuture<?> timeout;

    private HandshakeHandler(HandshakeSettings settings, HandshakeOutcome outcome, State initial,
            NodeId expectedPeer, String channel, int lane) {
        this.settings = settings;
        this.outcome = outcome;
        this.state = initial;
        this.expectedPeer = expectedPeer;
        this.channel = channel;
        this.lane = lane;
    }

    /**
     * The dialer side.
     *
     * @param expectedPeer the node we meant to reach, or {@code null} when dialing an unknown seed
     */
    public static HandshakeHandler dialer(HandshakeSettings settings, HandshakeOutcome outcome,
            NodeId expectedPeer, String channel, int lane) {
        return new HandshakeHandler(settings, outcome, State.AWAIT_CHALLENGE, expectedPeer, channel, lane);
    }

    /** The acceptor side. */
    public static HandshakeHandler acceptor(HandshakeSettings settings, HandshakeOutcome outcome) {
        return new HandshakeHandler(settings, outcome, State.AWAIT_HELLO, null, null, -1);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> fail(ctx, "handshake timed out after "
                + settings.timeout().toMillis() + " ms in state " + state, true),
                settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
        if (state == State.AWAIT_CHALLENGE) {
            dialerNonce = HandshakeProof.nonce();
            ctx.writeAndFlush(ControlFrame.of(new Hello(settings.cluster(), Frames.FORMAT_VERSION,
                    WireNode.of(settings.self()), channel, lane, dialerNonce)));
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (state == State.FAILED || state == State.DONE) {
                return;
            }
            byte version = frame.getByte(frame.readerIndex() + Frames.VERSION_OFFSET);
            byte type = frame.getByte(frame.readerIndex() + Frames.TYPE_OFFSET);
            if (version != Frames.FORMAT_VERSION) {
                fail(ctx, "unsupported format version " + (version & 0xFF) + "; this node speaks "
                        + Frames.FORMAT_VERSION, true);
                return;
            }
            frame.skipBytes(Frames.HEADER_BYTES);
            handle(ctx, ControlCodec.decode(type, frame));
        } catch (ProtocolException e) {
            fail(ctx, e.getMessage(), true);
        } catch (RuntimeException e) {
            fail(ctx, "invalid handshake message: " + e, true);
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private void handle(ChannelHandlerContext ctx, ControlMessage message) {
        if (message instanceof Refuse refuse) {
            String reason = "refused by peer: " + refuse.reason();
            if (refuse.duplicate()) {
                quietFail(ctx, reason);
            } else {
                fail(ctx, reason, false);
            }
            return;
        }
        switch (state) {
            case AWAIT_HELLO -> {
                if (message instanceof Hello hello) {
                    onHello(ctx, hello);
                    return;
                }
            }
            case AWAIT_CHALLENGE -> {
                if (message instanceof Challenge challenge) {
                    onChallenge(ctx, challenge);
                    return;
                }
            }
            case AWAIT_RESPONSE -> {
                if (message instanceof Response response) {
                    onResponse(ctx, response);
                    return;
                }
            }
            case AWAIT_ACCEPT -> {
                if (message instanceof Accept) {
                    succeed(ctx);
                    return;
                }
            }
            default -> {
            }
        }
        fail(ctx, "unexpected " + FrameType.name(ControlCodec.typeOf(message)) + " while in " + state, true);
    }

    private void onHello(ChannelHandlerContext ctx, Hello hello) {
        if (!settings.cluster().equals(hello.cluster())) {
            fail(ctx, "wrong cluster '" + hello.cluster() + "', this node is in '" + settings.cluster() + "'", true);
            return;
        }
        if (hello.formatVersion() != Frames.FORMAT_VERSION) {
            fail(ctx, "unsupported format version " + hello.formatVersion() + "; this node speaks "
                    + Frames.FORMAT_VERSION, true);
            return;
        }
        ChannelSpec spec = hello.channel() == null ? null : settings.channels().get(hello.channel());
        if (spec == null) {
            fail(ctx, "unknown channel '" + hello.channel() + "'", true);
            return;
        }
        channel = spec.name();
        if (hello.lane() < 0 || hello.lane() >= spec.parallelism()) {
            fail(ctx, "lane " + hello.lane() + " is out of range for channel " + spec, true);
            return;
        }
        lane = hello.lane();
        if (hello.nonce() == null || hello.nonce().length != HandshakeProof.NONCE_BYTES) {
            fail(ctx, "bad nonce", true);
            return;
        }
        NodeId dialer = identity(hello.node());
        if (dialer == null) {
            fail(ctx, "invalid node identity " + hello.node(), true);
            return;
        }
        if (dialer.equals(settings.self())) {
            fail(ctx, "the dialer claims this node's own identity", true);
            return;
        }
        peer = dialer;
        dialerNonce = hello.nonce();
        acceptorNonce = HandshakeProof.nonce();
        byte[] proof = settings.proof().acceptorProof(transcript(peer, settings.self()));
        state = State.AWAIT_RESPONSE;
        ctx.writeAndFlush(ControlFrame.of(new Challenge(WireNode.of(settings.self()), acceptorNonce, proof)));
    }

    private void onChallenge(ChannelHandlerContext ctx, Challenge challenge) {
        NodeId acceptor = identity(challenge.node());
        if (acceptor == null || challenge.nonce() == null || challenge.nonce().length != HandshakeProof.NONCE_BYTES) {
            fail(ctx, "invalid CHALLENGE", true);
            return;
        }
        acceptorNonce = challenge.nonce();
        byte[] expected = settings.proof().acceptorProof(transcript(settings.self(), acceptor));
        if (!HandshakeProof.matches(expected, challenge.proof())) {
            fail(ctx, "the acceptor's proof does not match (different cluster secret?)", true);
            return;
        }
        peer = acceptor;
        if (expectedPeer != null && !expectedPeer.equals(acceptor)) {
            // A peer restarted at the same address is routine until membership hands us its new id.
            boolean restarted = expectedPeer.sameName(acceptor) && acceptor.incarnation() > expectedPeer.incarnation();
            fail(ctx, "dialed identity mismatch: expected " + expectedPeer + ", found " + acceptor, true, !restarted);
            return;
        }
        state = State.AWAIT_ACCEPT;
        ctx.writeAndFlush(ControlFrame.of(new Response(
                settings.proof().dialerProof(transcript(settings.self(), acceptor)))));
    }

    private void onResponse(ChannelHandlerContext ctx, Response response) {
        byte[] expected = settings.proof().dialerProof(transcript(peer, settings.self()));
        if (!HandshakeProof.matches(expected, response.proof())) {
            fail(ctx, "the dialer's proof does not match (different cluster secret?)", true);
            return;
        }
        String refusal = outcome.refuse(peer, channel);
        if (refusal != null) {
            fail(ctx, refusal, true);
            return;
        }
        String duplicate = outcome.admit(peer, channel, lane);
        if (duplicate != null) {
            state = State.FAILED;
            cancelTimeout();
            ctx.writeAndFlush(ControlFrame.of(new Refuse(true, duplicate))).addListener(ChannelFutureListener.CLOSE);
            outcome.failed(peer, channel, duplicate, true);
            return;
        }
        ctx.writeAndFlush(ControlFrame.of(new Accept(lane)));
        succeed(ctx);
    }

    private void succeed(ChannelHandlerContext ctx) {
        state = State.DONE;
        cancelTimeout();
        outcome.established(peer, channel, lane);
        // only DATA follows, and DATA frames are complete ByteBufs: take the encoder out of the write path
        FrameEncoder encoder = ctx.pipeline().get(FrameEncoder.class);
        if (encoder != null) {
            ctx.pipeline().remove(encoder);
        }
        ctx.pipeline().remove(this);
    }

    private HandshakeProof.Transcript transcript(NodeId dialer, NodeId acceptor) {
        return new HandshakeProof.Transcript(dialerNonce, acceptorNonce, dialer, acceptor, channel, lane);
    }

    private static NodeId identity(WireNode node) {
        if (node == null) {
            return null;
        }
        try {
            return node.toNodeId();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void quietFail(ChannelHandlerContext ctx, String reason) {
        state = State.FAILED;
        cancelTimeout();
        LOG.debug("{}: handshake with {} ended: {}", settings.self().name(), ctx.channel().remoteAddress(), reason);
        ctx.close();
        outcome.failed(peer, knownChannel(), reason, true);
    }

    private void fail(ChannelHandlerContext ctx, String reason, boolean tellPeer) {
        fail(ctx, reason, tellPeer, true);
    }

    private void fail(ChannelHandlerContext ctx, String reason, boolean tellPeer, boolean unexpected) {
        if (state == State.FAILED || state == State.DONE) {
            return;
        }
        state = State.FAILED;
        cancelTimeout();
        if (unexpected) {
            LOG.warn("{}: handshake with {} failed: {}", settings.self().name(), ctx.channel().remoteAddress(), reason);
        } else {
            LOG.info("{}: handshake with {} refused: {} (the peer restarted)", settings.self().name(),
                    ctx.channel().remoteAddress(), reason);
        }
        if (tellPeer && ctx.channel().isActive()) {
            ctx.writeAndFlush(ControlFrame.of(new Refuse(false, reason))).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
        outcome.failed(peer, knownChannel(), reason, false);
    }

    private String knownChannel() {
        return channel != null && settings.channels().containsKey(channel) ? channel : null;
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, "connection closed during the handshake", false);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException) {
            fail(ctx, cause.getMessage(), true);
        } else {
            fail(ctx, "connection error: " + cause, false);
        }
    }
}
