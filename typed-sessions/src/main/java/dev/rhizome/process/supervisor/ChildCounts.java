package dev.rhizome.process.supervisor;

/**
 * {@code count_children}.
 *
 * @param specs       child specs (or dynamic children)
 * @param active      running children
 * @param supervisors children of type supervisor
 * @param workers     children of type worker
 */
public record ChildCounts(int specs, int active, int supervisors, int workers) {}
