package dev.rhizome.process.supervisor;

import dev.rhizome.overlay.NodeId;
import dev.rhizome.process.Pid;
import dev.rhizome.process.ProcessContext;
import java.util.Optional;

/**
 * Starts one child, linked to the supervisor. Returns the child's pid, or null to be ignored (OTP's
 * {@code ignore}); throwing fails the start.
 */
@FunctionalInterface
public interface ChildStart {

    Pid<?> start(Args args) throws Exception;

    /**
     * @param supervisor   the supervisor's process, to spawn-link from
     * @param argument     the extra argument of a simple_one_for_one {@code startChild}, else null
     * @param previousNode the node the child last ran on, for placement
     */
    record Args(ProcessContext<?> supervisor, Object argument, Optional<NodeId> previousNode) {}
}
