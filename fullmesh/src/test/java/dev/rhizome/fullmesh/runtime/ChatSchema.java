package dev.rhizome.fullmesh.runtime;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/** The generated schema ({@code ChatSchemaImpl}) of the test's user payload types. */
@ProtoSchema(includeClasses = ChatMessage.class, schemaPackageName = "rhizome.test.chat", service = false)
public interface ChatSchema extends GeneratedSchema {}
