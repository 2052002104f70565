package dev.rhizome.process;

/**
 * What {@code spawnMonitor} returns: the new process and the monitor on it.
 *
 * @param pid the new process
 * @param ref the monitor
 */
public record Spawned<M>(Pid<M> pid, MonitorRef ref) {}
