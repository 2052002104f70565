package dev.rhizome.process.internal.wire;

import dev.rhizome.process.Pid;
import org.infinispan.protostream.annotations.Proto;

/** A {@link Pid} on the wire. */
@Proto
public record WirePid(String node, String host, int port, long incarnation, long id) {

    public static WirePid of(Pid<?> pid) {
        return pid == null ? null : new WirePid(pid.nodeName(), pid.host(), pid.port(), pid.incarnation(), pid.id());
    }

    public <M> Pid<M> toPid() {
        return new Pid<>(node, host, port, incarnation, id);
    }
}
