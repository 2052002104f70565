/** The supervisor's decision logic, written without I/O so it is unit-tested with a fake clock. */
package dev.rhizome.process.supervisor.internal;
