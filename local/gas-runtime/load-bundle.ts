/**
 * Runs the built Apps Script bundle (dist/gas/Code.js) in node:vm with ONLY the globals given:
 * no require, module, process or global, exactly like Apps Script, so a Node leftover in the
 * bundle fails here first.
 */
import * as fs from 'node:fs';
import * as vm from 'node:vm';

export const FORBIDDEN_GLOBALS = [
  'require',
  'module',
  'exports',
  'process',
  'global',
  'Buffer',
  'setTimeout',
  'setInterval',
] as const;

export function loadGasBundle(codeJsPath: string, globals: Record<string, unknown>): vm.Context {
  for (const name of FORBIDDEN_GLOBALS) {
    if (name in globals)
      throw new Error(`loadGasBundle: "${name}" does not exist in Apps Script; do not pass it`);
  }
  const context = vm.createContext({ ...globals });
  vm.runInContext(fs.readFileSync(codeJsPath, 'utf8'), context, { filename: codeJsPath });
  return context;
}

/** Names declared as top-level functions in the bundle's source (what Apps Script can call). */
export function topLevelFunctionNames(codeJsPath: string): string[] {
  const source = fs.readFileSync(codeJsPath, 'utf8');
  return [...source.matchAll(/^function ([A-Za-z_$][\w$]*)\s*\(/gm)].map((m) => m[1] as string);
}
