/** The static topology against the topology conformance suite. */
package dev.rhizome.statictopology.conformance;
