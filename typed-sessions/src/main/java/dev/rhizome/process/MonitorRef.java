package dev.rhizome.process;

import java.io.Serializable;

/**
 * One monitor. Monitors stack: each call to {@code monitor} returns a new reference and yields its
 * own {@link Down}.
 *
 * @param owner the monitoring process
 * @param id    unique among the owner's node's references
 */
public record MonitorRef(Pid<?> owner, long id) implements Serializable {}
