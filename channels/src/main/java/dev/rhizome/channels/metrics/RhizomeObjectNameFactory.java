package dev.rhizome.channels.metrics;

import com.codahale.metrics.jmx.ObjectNameFactory;
import java.util.Hashtable;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Maps metric names to structured ObjectNames in the {@code dev.rhizome} domain:
 * <ul>
 *   <li>{@code channel.<c>.peer.<p>.<m>} to {@code dev.rhizome:type=Channel,node=<n>,channel=<c>,peer=<p>,name=<m>}</li>
 *   <li>any other {@code <prefix>.<m>} (e.g. {@code node.active-connections}) to
 *       {@code dev.rhizome:type=Node,node=<n>,name=<m>}</li>
 * </ul>
 * The metric is the part after the last dot. The channel ends at the first {@code .peer.} (channel
 * names containing {@code .peer.} are therefore ambiguous; avoid them). Values are quoted only when
 * they contain characters that ObjectName does not allow unquoted.
 */
public final class RhizomeObjectNameFactory implements ObjectNameFactory {

    /** The JMX domain. */
    public static final String DOMAIN = "dev.rhizome";

    private final String node;

    public RhizomeObjectNameFactory(String node) {
        this.node = node;
    }

    @Override
    public ObjectName createName(String type, String domain, String name) {
        Hashtable<String, String> keys = new Hashtable<>();
        keys.put("node", value(node));
        int lastDot = name.lastIndexOf('.');
        String metric = lastDot < 0 ? name : name.substring(lastDot + 1);
        int peerAt = name.indexOf(".peer.");
        if (name.startsWith("channel.") && lastDot > 0 && peerAt > "channel".length() && peerAt + 6 < lastDot) {
            keys.put("type", "Channel");
            keys.put("channel", value(name.substring("channel.".length(), peerAt)));
            keys.put("peer", value(name.substring(peerAt + ".peer.".length(), lastDot)));
        } else {
            keys.put("type", "Node");
        }
        keys.put("name", value(metric));
        try {
            return new ObjectName(DOMAIN, keys);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("metric name '" + name + "' does not fit an ObjectName", e);
        }
    }

    /** {@code text}, quoted if ObjectName would reject it unquoted. */
    static String value(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '=' || c == ':' || c == '"' || c == '*' || c == '?' || c == '\n' || c == '\\') {
                return ObjectName.quote(text);
            }
        }
        return text.isEmpty() ? ObjectName.quote(text) : text;
    }
}
