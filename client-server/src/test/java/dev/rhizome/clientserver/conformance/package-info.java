/** The client-server topology against the topology conformance suite. */
package dev.rhizome.clientserver.conformance;
