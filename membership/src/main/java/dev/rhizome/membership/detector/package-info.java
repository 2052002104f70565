/**
 * The phi-accrual failure detector (Hayashi et al., 2004), as a pure value: it is told when
 * heartbeats arrive and asked, at a given time, how suspicious a peer's silence is. It uses only the
 * JDK, never reads a clock and never starts a thread, so a sans-IO protocol can own it and the
 * simulator can drive it with virtual time.
 */
package dev.rhizome.membership.detector;
