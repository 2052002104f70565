package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * A message for a process. {@code kind}: 0 plain message, 1 call, 2 cast, 3 reply to a call's alias.
 * For a call, {@code replyTo} and {@code tag} name the caller's alias; for a reply, {@code tag} is the
 * call's tag. With {@code toName} set, the receiver is the process registered under that name on the
 * receiving node ({@code to} then names only the node). The payload is ProtoStream's wrapped encoding of the user's message.
 *
 * <p>{@code monitorRefId} saves two frames per remote call. On a call it is the id of the caller
 * alias's monitor on the server (owner {@code replyTo}): the receiver sets the monitor up before it
 * delivers the call, so no separate {@link WireMonitor} is needed. On a reply it names the monitor
 * the replying server dropped as it replied, so the caller releases it locally instead of sending a
 * demonitor. Zero means none.
 */
@Proto
public record WireSend(WirePid to, WirePid from, int kind, long tag, WirePid replyTo, byte[] payload, String toName,
        long monitorRefId) {
    public static final int MESSAGE = 0;
    public static final int CALL = 1;
    public static final int CAST = 2;
    public static final int REPLY = 3;
}
