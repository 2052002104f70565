package dev.rhizome.process.internal.wire;

import org.infinispan.protostream.annotations.Proto;

/**
 * A {@link dev.rhizome.process.supervisor.SupervisorRequest} on the wire, as the body of a call to a
 * supervisor on another node. {@code op} is one of the constants below; {@code id} names a child for
 * the by-id operations, {@code pid} a child for {@link #TERMINATE_PID}, and {@code argument} is the
 * wrapped encoding of a simple_one_for_one child's argument (empty for none). A {@code ChildSpec}
 * never travels: it holds code.
 */
@Proto
public record WireSupervisorRequest(int op, String id, WirePid pid, byte[] argument) {
    public static final int START_CHILD = 1;
    public static final int TERMINATE_CHILD = 2;
    public static final int TERMINATE_PID = 3;
    public static final int DELETE_CHILD = 4;
    public static final int RESTART_CHILD = 5;
    public static final int WHICH_CHILDREN = 6;
    public static final int STOP = 7;
    public static final int COUNT_CHILDREN = 8;
}
