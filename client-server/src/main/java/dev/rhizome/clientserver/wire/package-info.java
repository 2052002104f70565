/**
 * The client-server topology's control messages: ProtoStream records with the generated schema
 * {@code rhizome.clientserver} ({@code ClientServerSchemaImpl}).
 */
package dev.rhizome.clientserver.wire;
