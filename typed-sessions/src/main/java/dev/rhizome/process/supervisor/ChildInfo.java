package dev.rhizome.process.supervisor;

import dev.rhizome.process.Pid;

/**
 * One child as {@code which_children} reports it.
 *
 * @param id         its id (for simple_one_for_one, the template's)
 * @param pid        its process, or null when not running
 * @param restarting whether a failed restart is being retried
 * @param type       worker or supervisor
 */
public record ChildInfo(String id, Pid<?> pid, boolean restarting, ChildSpec.ChildType type) {}
