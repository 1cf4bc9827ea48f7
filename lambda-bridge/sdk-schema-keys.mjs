// An esbuild plugin that lets the bundle drop the AWS SDK schemas the bridge never uses.
//
// Each client's dist-es/schemas/schemas_0.js declares a schema for every operation and shape of
// its service (the S3 one is 138 KB), most as array literals with computed keys naming a string
// constant of the same file: `var X$ = [3, n0, _X, { [_hP]: 1 }, ...]`. esbuild keeps an unused
// declaration unless it can prove its initializer pure, and a computed key is not provably pure
// (it could call toString), so every schema of S3 ended up in the cold start.
//
// The plugin rewrites `{ [_hP]: ...` to `{ "httpPayload": ...` where `_hP` is a top-level
// `const _hP = "httpPayload";` declared once in that file: the same object, now a pure literal,
// so tree shaking removes what nothing references. Nothing else changes: the operations the
// bridge sends and the errors the clients register (TypeRegistry, a side effect esbuild keeps)
// stay in. If a future SDK lays the file out differently the plugin rewrites nothing, the build
// says so, and the bundle is only bigger (the bench's bundle size and cold load show it).

import { readFileSync } from 'node:fs';

export const SCHEMA_FILE =
  /[\\/]@aws-sdk[\\/]client-[^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/;

/** The file's top-level string constants whose name is declared only once: name -> literal. */
function stringConstants(source) {
  const declared = new Map();
  for (const [, name] of source.matchAll(
    /(?:^|[^\w$.])(?:const|let|var|function)\s+([A-Za-z_$][\w$]*)/gm,
  ))
    declared.set(name, (declared.get(name) ?? 0) + 1);
  const constants = new Map();
  for (const [, name, literal] of source.matchAll(/^const ([A-Za-z_$][\w$]*) = ("[^"\\\n]*");$/gm))
    if (declared.get(name) === 1) constants.set(name, literal);
  return constants;
}

/** `source` with every computed object key naming one of its string constants made a literal. */
export function literalSchemaKeys(source) {
  const constants = stringConstants(source);
  let rewritten = 0;
  const contents = source.replace(/([{,]\s*)\[([A-Za-z_$][\w$]*)\]\s*:/g, (all, before, name) => {
    const literal = constants.get(name);
    if (literal === undefined) return all;
    rewritten += 1;
    return `${before}${literal}:`;
  });
  return { contents, rewritten };
}

/** The plugin; `onRewrite(path, count)` is told how many keys each schema file had rewritten. */
export function sdkSchemaKeys(onRewrite = () => {}) {
  return {
    name: 'sdk-schema-keys',
    setup(build) {
      build.onLoad({ filter: SCHEMA_FILE }, (args) => {
        const { contents, rewritten } = literalSchemaKeys(readFileSync(args.path, 'utf8'));
        onRewrite(args.path, rewritten);
        const warnings = rewritten
          ? []
          : [{ text: 'no computed schema keys rewritten: the SDK schema layout changed?' }];
        return { contents, loader: 'js', warnings };
      });
    },
  };
}
