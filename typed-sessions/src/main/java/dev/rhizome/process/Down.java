package dev.rhizome.process;

/**
 * The message a monitor delivers when the monitored process ends, or could not be monitored:
 * Erlang's {@code {'DOWN', Ref, process, Pid, Reason}}.
 *
 * @param ref    the monitor
 * @param pid    the monitored process
 * @param reason why it ended: its exit reason, {@code noproc} or {@code noconnection}
 */
public record Down(MonitorRef ref, Pid<?> pid, ExitReason reason) {}
