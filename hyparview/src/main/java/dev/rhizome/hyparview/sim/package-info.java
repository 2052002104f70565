/**
 * The HyParView paper's evaluation (TR-07-13 §5) reproduced on the deterministic simulator, and the
 * {@code ./rhizome sim hyparview} command that runs it ({@link dev.rhizome.hyparview.sim.SimMain}). The
 * only package of this module that uses the simulator; the protocol packages never see it.
 */
package dev.rhizome.hyparview.sim;
