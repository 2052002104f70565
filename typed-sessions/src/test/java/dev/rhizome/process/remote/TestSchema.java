package dev.rhizome.process.remote;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;

/** The remote tests' messages; generates {@code TestSchemaImpl}. */
@ProtoSchema(includeClasses = {Ping.class, Echo.class, Stranger.class}, schemaPackageName = "rhizome.test.process", service = false)
public interface TestSchema extends GeneratedSchema {}
