/** HyParView on the real node runtime: nodes in one JVM on 127.0.0.1 over Netty. */
package dev.rhizome.hyparview.runtime;
