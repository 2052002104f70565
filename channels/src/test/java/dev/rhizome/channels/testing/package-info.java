/**
 * Test support shipped in the channels test-jar: {@link dev.rhizome.channels.testing.NettyLeakExtension}
 * fails any test class that leaks a Netty buffer. Modules that depend on the test-jar get it
 * automatically through JUnit's extension autodetection.
 */
package dev.rhizome.channels.testing;
