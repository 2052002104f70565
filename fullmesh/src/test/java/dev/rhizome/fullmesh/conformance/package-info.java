/** The full mesh against the topology conformance suite. */
package dev.rhizome.fullmesh.conformance;
