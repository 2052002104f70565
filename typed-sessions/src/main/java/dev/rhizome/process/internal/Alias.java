package dev.rhizome.process.internal;

import dev.rhizome.process.ExitReason;
import dev.rhizome.process.MonitorRef;
import dev.rhizome.process.Pid;
import java.util.concurrent.CompletableFuture;

/**
 * A one-shot reply address for one call (OTP's alias): it accepts the reply with its tag, or the
 * DOWN of its monitor on the server. Removed from the table when the call ends, so a late reply
 * finds nobody and is dropped.
 */
final class Alias extends Endpoint {

    /** The reply, or a failure with the server's DOWN reason. */
    final CompletableFuture<Object> result = new CompletableFuture<>();
    final long tag;
    volatile MonitorRef ref;

    Alias(Pid<?> pid, long tag) {
        super(pid);
        this.tag = tag;
    }

    @Override
    void deliver(Object message) {
        if (message instanceof Reply reply && reply.tag() == tag) {
            MonitorRef held = ref;
            if (reply.releasedMonitor() != 0 && held != null && held.id() == reply.releasedMonitor()) {
                releaseMonitor(held); // the server already dropped it: no demonitor needs to travel
            }
            result.complete(reply.value());
        }
    }

    @Override
    void exitSignal(Pid<?> from, ExitReason reason, boolean viaLink) {
        // aliases have no links and cannot be killed
    }

    @Override
    void down(MonitorRef ref, Pid<?> target, ExitReason reason) {
        if (releaseMonitor(ref) != null) {
            result.completeExceptionally(new ServerDown(reason));
        }
    }

    /** The server's DOWN, carried to the waiting caller. */
    static final class ServerDown extends RuntimeException {
        final transient ExitReason reason;

        ServerDown(ExitReason reason) {
            super(reason.toString(), null, false, false);
            this.reason = reason;
        }
    }
}
