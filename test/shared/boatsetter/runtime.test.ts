/**
 * The parser and the time-zone code must run where Apps Script runs them: one bundled script in a
 * bare V8 context (no require, module, process, Buffer, TextDecoder or Intl).
 */
import { buildSync } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { readEml } from './eml';

describe('Bundle: shared/boatsetter in a bare V8 context', () => {
  it('parses the seed fixture without Node or Intl globals', async () => {
    // Prepare
    const bundle = buildSync({
      entryPoints: [join(__dirname, '..', '..', '..', 'shared', 'boatsetter', 'index.ts')],
      bundle: true,
      format: 'iife',
      globalName: 'Boatsetter',
      target: 'es2020',
      write: false,
    });
    const code = bundle.outputFiles[0]!.text;
    const context = vm.createContext({});
    vm.runInContext('delete globalThis.Intl;', context);
    vm.runInContext(`${code};globalThis.Boatsetter = Boatsetter;`, context);
    const msg = await readEml(
      join(__dirname, '..', '..', 'fixtures', 'boatsetter', '00_seed_example_xhqgmdh.eml'),
    );
    context.input = JSON.parse(JSON.stringify(msg));
    // Act
    const json = vm.runInContext(
      'JSON.stringify(Boatsetter.parseBoatsetterEmail(input))',
      context,
    ) as string;
    // Assess
    const result = JSON.parse(json);
    expect(
      vm.runInContext('typeof Intl + typeof require + typeof process + typeof Buffer', context),
    ).toBe('undefinedundefinedundefinedundefined');
    expect(result.kind).toBe('new');
    expect(result.event.booking).toMatchObject({
      id: 'XHQGMDH',
      start: '2024-05-30T09:00:00-07:00',
    });
    const timeDir = join(__dirname, '..', '..', '..', 'shared', 'time');
    for (const file of readdirSync(timeDir))
      expect(readFileSync(join(timeDir, file), 'utf8')).not.toMatch(/\bIntl\./);
  });
});
