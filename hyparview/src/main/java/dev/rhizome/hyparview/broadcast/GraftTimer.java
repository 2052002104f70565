package dev.rhizome.hyparview.broadcast;

/**
 * The timer Plumtree runs while message {@code id} is announced but missing.
 *
 * @param id the missing message
 */
public record GraftTimer(long id) {}
