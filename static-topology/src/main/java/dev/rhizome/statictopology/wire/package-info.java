/**
 * The static topology's control messages: ProtoStream records for link-state announcements, with the
 * generated schema {@code rhizome.static} ({@code StaticSchemaImpl}).
 */
package dev.rhizome.statictopology.wire;
