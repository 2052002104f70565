/**
 * Causal delivery per causal label, as in Partisan: messages that carry the same label are delivered
 * in causal order across nodes (Raynal-Schiper-Toueg matrix clocks), on top of any channel.
 */
package dev.rhizome.channels.causal;
