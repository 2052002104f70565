/**
 * The wire format: length-prefixed frames with a small header, the ProtoStream-encoded handshake
 * messages, and the hand-written DATA frame layout. Everything here is stateless or confined to one
 * connection's event loop.
 *
 * <pre>
 *  +--------+---------+------+-------+------------------------------+
 *  | length | version | type | flags | body                         |
 *  | int32  | uint8   | uint8| uint8 | length - 3 bytes             |
 *  +--------+---------+------+-------+------------------------------+
 *  DATA body:    codec id (uint16) | [seq (int64) if flags & 0x02] | payload, Snappy block if flags & 0x01
 *  ACK body:     count (int32) | count × seq (int64)        reliable channels, receiver to sender
 *  control body: one ProtoStream message, chosen by the type byte
 * </pre>
 */
package dev.rhizome.channels.wire;
