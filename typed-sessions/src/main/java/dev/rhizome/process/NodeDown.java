package dev.rhizome.process;

/**
 * Erlang's {@code {nodedown, Node}}: put in the mailbox of a process that called
 * {@link ProcessContext#monitorNode monitorNode(node, true)} when that node leaves this node's view,
 * or at once if it was not in the view. One message per {@code monitorNode} call.
 *
 * @param node the node's name
 */
public record NodeDown(String node) {}
