package dev.rhizome.process.internal;

import dev.rhizome.process.Pid;
import dev.rhizome.process.internal.wire.WireChildCounts;
import dev.rhizome.process.internal.wire.WireChildInfo;
import dev.rhizome.process.internal.wire.WireChildren;
import dev.rhizome.process.internal.wire.WirePid;
import dev.rhizome.process.internal.wire.WireRefused;
import dev.rhizome.process.internal.wire.WireSupervisorRequest;
import dev.rhizome.process.supervisor.ChildCounts;
import dev.rhizome.process.supervisor.ChildInfo;
import dev.rhizome.process.supervisor.ChildSpec;
import dev.rhizome.process.supervisor.SupervisorRequest;
import dev.rhizome.process.supervisor.internal.SupervisorServer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The library's own values that may be message bodies between nodes but are not ProtoStream types:
 * a {@link Pid}, and the supervisor's requests and answers. {@link #toWire} turns them into their
 * {@code Wire*} records before encoding; {@link #fromWire} turns them back after decoding. Every other
 * value passes through unchanged.
 */
final class WireForms {

    private WireForms() {}

    /** The wire form of {@code value}; {@code encode} gives the bytes of a nested user value. */
    static Object toWire(Object value, Function<Object, byte[]> encode) {
        return switch (value) {
            case Pid<?> pid -> WirePid.of(pid);
            case SupervisorRequest request -> request(request, encode);
            case ChildCounts c -> new WireChildCounts(c.specs(), c.active(), c.supervisors(), c.workers());
            case SupervisorServer.Refused refused -> new WireRefused(refused.message());
            case List<?> list when list.stream().allMatch(ChildInfo.class::isInstance) -> children(list);
            case null, default -> value;
        };
    }

    /** The value a decoded wire form stands for; {@code decode} reads a nested user value. */
    static Object fromWire(Object value, Function<byte[], Object> decode) {
        return switch (value) {
            case WirePid pid -> pid.toPid();
            case WireSupervisorRequest request -> request(request, decode);
            case WireChildCounts c -> new ChildCounts(c.specs(), c.active(), c.supervisors(), c.workers());
            case WireRefused refused -> new SupervisorServer.Refused(refused.message());
            case WireChildren children -> children(children);
            case null, default -> value;
        };
    }

    private static WireSupervisorRequest request(SupervisorRequest request, Function<Object, byte[]> encode) {
        return switch (request) {
            case SupervisorRequest.StartChild s -> {
                if (s.spec() != null) {
                    throw new IllegalArgumentException("startChild with a ChildSpec works only on the supervisor's own"
                            + " node, since a spec holds code; across nodes, start a simple_one_for_one child with an"
                            + " argument (or place the child with ChildSpec.remote)");
                }
                yield new WireSupervisorRequest(WireSupervisorRequest.START_CHILD, null, null,
                        s.argument() == null ? new byte[0] : encode.apply(s.argument()));
            }
            case SupervisorRequest.TerminateChild t -> op(WireSupervisorRequest.TERMINATE_CHILD, t.id());
            case SupervisorRequest.TerminatePid t ->
                    new WireSupervisorRequest(WireSupervisorRequest.TERMINATE_PID, null, WirePid.of(t.pid()), null);
            case SupervisorRequest.DeleteChild d -> op(WireSupervisorRequest.DELETE_CHILD, d.id());
            case SupervisorRequest.RestartChild r -> op(WireSupervisorRequest.RESTART_CHILD, r.id());
            case SupervisorRequest.WhichChildren w -> op(WireSupervisorRequest.WHICH_CHILDREN, null);
            case SupervisorRequest.Stop s -> op(WireSupervisorRequest.STOP, null);
            case SupervisorRequest.CountChildren c -> op(WireSupervisorRequest.COUNT_CHILDREN, null);
        };
    }

    private static WireSupervisorRequest op(int op, String id) {
        return new WireSupervisorRequest(op, id, null, null);
    }

    private static SupervisorRequest request(WireSupervisorRequest w, Function<byte[], Object> decode) {
        return switch (w.op()) {
            case WireSupervisorRequest.START_CHILD -> new SupervisorRequest.StartChild(null,
                    w.argument() == null || w.argument().length == 0 ? null : decode.apply(w.argument()));
            case WireSupervisorRequest.TERMINATE_CHILD -> new SupervisorRequest.TerminateChild(w.id());
            case WireSupervisorRequest.TERMINATE_PID -> new SupervisorRequest.TerminatePid(w.pid().toPid());
            case WireSupervisorRequest.DELETE_CHILD -> new SupervisorRequest.DeleteChild(w.id());
            case WireSupervisorRequest.RESTART_CHILD -> new SupervisorRequest.RestartChild(w.id());
            case WireSupervisorRequest.WHICH_CHILDREN -> new SupervisorRequest.WhichChildren();
            case WireSupervisorRequest.STOP -> new SupervisorRequest.Stop();
            case WireSupervisorRequest.COUNT_CHILDREN -> new SupervisorRequest.CountChildren();
            default -> throw new IllegalArgumentException("unknown supervisor request " + w.op());
        };
    }

    private static WireChildren children(List<?> list) {
        List<WireChildInfo> out = new ArrayList<>(list.size());
        for (Object o : list) {
            ChildInfo c = (ChildInfo) o;
            out.add(new WireChildInfo(c.id(), WirePid.of(c.pid()), c.restarting(), c.type().ordinal()));
        }
        return new WireChildren(out);
    }

    private static List<ChildInfo> children(WireChildren wire) {
        List<ChildInfo> out = new ArrayList<>();
        if (wire.children() != null) {
            for (WireChildInfo c : wire.children()) {
                out.add(new ChildInfo(c.id(), c.pid() == null ? null : c.pid().toPid(), c.restarting(),
                        ChildSpec.ChildType.values()[c.type()]));
            }
        }
        return out;
    }
}
