package dev.rhizome.membership.conformance;

import java.util.Arrays;
import java.util.Optional;

/** The cases of the conformance suite, as rows of the capability matrix in {@code docs/topologies.md}. */
public enum Case {
    JOIN_LEAVE_REJOIN("joinLeaveAndRejoin", "join, leave and rejoin"),
    LEAVE_REASON("gracefulLeaveReportedAsLeft", "a graceful leave reported as 'left'"),
    MEMBERS_AND_NEIGHBOURS("membersAndNeighbours", "members and neighbours"),
    NODE_EVENTS("nodeUpAndDownPerNode", "on-up / on-down per node"),
    CHANNEL_EVENTS("channelUpAndDownPerChannel", "on-up / on-down per channel"),
    SEND_TO_NEIGHBOUR("sendToANeighbourAndReply", "send to a neighbour"),
    SEND_TO_NON_NEIGHBOUR("sendToANonNeighbour", "send to a non-neighbour"),
    PARALLEL_LANES("parallelChannelKeepsPerKeyOrder", "parallel channels and partition keys"),
    CRASH_DETECTED("crashedNodeReportedDown", "a crashed node reported down"),
    PARTITION_TRAFFIC("partitionCutsTrafficAndHealRestoresIt", "partition: traffic cut, healed"),
    PARTITION_DETECTED("partitionReportedDownAndHealedUp", "partition: reported down, healed up");

    private final String method;
    private final String label;

    Case(String method, String label) {
        this.method = method;
        this.label = label;
    }

    /** The suite's test method for this case. */
    public String method() {
        return method;
    }

    /** The row label in the matrix. */
    public String label() {
        return label;
    }

    /** The case a suite method tests. */
    public static Optional<Case> forMethod(String method) {
        return Arrays.stream(values()).filter(c -> c.method.equals(method)).findFirst();
    }
}
