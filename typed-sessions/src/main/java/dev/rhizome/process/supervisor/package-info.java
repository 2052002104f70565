/**
 * OTP supervisors: {@link dev.rhizome.process.supervisor.Supervisor} starts children from
 * {@link dev.rhizome.process.supervisor.ChildSpec}s, restarts them by strategy and restart type within
 * a restart intensity, shuts them down by timeout or brutal kill, and can place children on other
 * nodes by a {@link dev.rhizome.process.supervisor.Placement} rule.
 */
package dev.rhizome.process.supervisor;
