/**
 * A deterministic, seeded network simulation that drives full-mesh protocol instances exactly as the
 * runtime would, for scenario tests in virtual time. Test scope only.
 */
package dev.rhizome.fullmesh.harness;
