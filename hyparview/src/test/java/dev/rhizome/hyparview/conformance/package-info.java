/** HyParView against the topology conformance suite. */
package dev.rhizome.hyparview.conformance;
