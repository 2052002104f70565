package dev.rhizome.process;

import dev.rhizome.overlay.NodeId;
import java.io.Serializable;

/**
 * The address of a process: the node it runs on (name, address and incarnation) and a local id.
 * Location transparent: sending to a {@code Pid} works the same whether it is local or remote.
 * Serializable; on the wire it travels as {@link dev.rhizome.process.internal.wire.WirePid}.
 *
 * @param <M>         the process's message protocol, usually a sealed interface of records
 * @param nodeName    the node's name
 * @param host        the node's host
 * @param port        the node's port
 * @param incarnation the node's incarnation; a restarted node never reuses an old pid
 * @param id          the process's id on that node, never reused within an incarnation
 */
public record Pid<M>(String nodeName, String host, int port, long incarnation, long id) implements Serializable {

    /** The pid of process {@code id} on {@code node}. */
    public static <M> Pid<M> of(NodeId node, long id) {
        return new Pid<>(node.name(), node.host(), node.port(), node.incarnation(), id);
    }

    /** The node this process runs on. */
    public NodeId node() {
        return new NodeId(nodeName, host, port, incarnation);
    }

    /** Whether this pid lives on {@code node} (same name and incarnation). */
    public boolean isOn(NodeId node) {
        return nodeName.equals(node.name()) && incarnation == node.incarnation();
    }

    /** Views this pid under another protocol; the receiver refuses messages that do not fit. */
    @SuppressWarnings("unchecked")
    public <N> Pid<N> narrow() {
        return (Pid<N>) this;
    }

    @Override
    public String toString() {
        return "<" + nodeName + "." + id + ">";
    }
}
