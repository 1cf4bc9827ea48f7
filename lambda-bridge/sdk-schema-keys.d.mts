// Types of sdk-schema-keys.mjs (a build script in plain JavaScript), for the tests that specify it.
import type { Plugin } from 'esbuild';

export const SCHEMA_FILE: RegExp;
export function literalSchemaKeys(source: string): { contents: string; rewritten: number };
export function sdkSchemaKeys(onRewrite?: (path: string, rewritten: number) => void): Plugin;
