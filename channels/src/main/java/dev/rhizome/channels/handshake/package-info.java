/**
 * The authenticated handshake every connection runs before it carries data: HELLO, CHALLENGE,
 * RESPONSE, then ACCEPT or REFUSE, with an HMAC-SHA256 challenge-response over the shared cluster
 * secret in both directions, and a timeout.
 */
package dev.rhizome.channels.handshake;
