/**
 * The topology conformance suite: one abstract JUnit class, {@link dev.rhizome.membership.conformance.OverlayConformanceSuite},
 * that every topology module subclasses in its tests. Each case runs on real nodes over Netty on
 * 127.0.0.1. A topology that cannot honour a case declares it with a reason; the suite then still runs
 * the case and reports it as not honoured (a JUnit assumption carrying the reason) when it fails, or
 * fails the build when it passes, so the declarations (and the matrix in {@code docs/topologies.md})
 * stay true. Results are written to {@code target/conformance/<topology>.md}.
 */
package dev.rhizome.membership.conformance;
