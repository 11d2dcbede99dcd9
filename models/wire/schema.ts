// Loads models/proto/*.proto with protobufjs. Paths resolve relative to this file (import.meta.url), so it
// works from any cwd and inside worker threads.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** Absolute path of the folder holding the .proto files (with trailing separator). */
export const PROTO_DIR: string = fileURLToPath(new URL('../proto/', import.meta.url));

/** Protobuf package of every C5 message. */
export const PACKAGE = 'scsim.c5';

/** The .proto files of the schema, sorted. */
export function protoFiles(): string[] {
  return readdirSync(PROTO_DIR)
    .filter((f) => f.endsWith('.proto'))
    .sort();
}

/**
 * Parses and resolves every .proto file into a fresh protobufjs Root. Field names are camelCase in JS
 * (protobufjs default); `//` comments are kept (trailing ones preferred) for the generated TS types.
 */
export function loadSchema(): protobuf.Root {
  const root = new protobuf.Root();
  root.loadSync(
    protoFiles().map((f) => PROTO_DIR + f),
    { keepCase: false, alternateCommentMode: true, preferTrailingComment: true },
  );
  root.resolveAll();
  return root;
}
