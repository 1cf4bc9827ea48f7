/**
 * Checks on the code itself, as specifications: the product's modules form no import cycle
 * (each layer can be read, tested and bundled on its own), no hand-written product file is
 * longer than 600 lines (split by responsibility before that), and zod is imported in one place
 * only (shared/schema.ts: zod/mini with its English messages).
 */
import * as ts from 'typescript';
import { describeCycle, importCycles, importGraph } from './imports';
import { HAND_WRITTEN, PRODUCT_DIRS, readSource, sourceFiles } from './source-files';

const MAX_FILE_LINES = 600;

/** The one module that imports zod; every schema imports `z` from it. */
const ZOD_MODULE = 'shared/schema.ts';

/** The packages a file imports (static imports, re-exports, import() and require with a literal). */
function packagesImported(file: string): string[] {
  const info = ts.preProcessFile(readSource(file), true, true);
  return info.importedFiles.map((ref) => ref.fileName).filter((name) => !name.startsWith('.'));
}

/** Lines as wc -l and editors count them (a final newline ends the last line, it adds none). */
function lineCount(text: string): number {
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

describe('Function: importCycles', () => {
  it('finds a loop of any length, and a file that imports itself, but not a diamond', () => {
    // Prepare
    const graph = new Map([
      ['a', ['b', 'd']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['e']],
      ['e', []],
      ['f', ['d', 'e']],
      ['g', ['g']],
    ]);

    // Act
    const cycles = importCycles(graph);

    // Assess
    expect(cycles).toEqual([['a', 'b', 'c'], ['g']]);
    expect(describeCycle(cycles[0]!, graph)).toBe('a -> b -> c -> a');
  });
});

describe('Product source', () => {
  const files = sourceFiles();

  it('is found where the product lives (the walk itself works)', () => {
    expect(files).toEqual(
      expect.arrayContaining(['gas/main.ts', 'shared/booking.ts', 'lambda-bridge/src/app.ts']),
    );
  });

  it('has no import cycle across gas/, shared/, lambda-bridge/, local/, bench/ and infra/', () => {
    // Act
    const graph = importGraph(files);
    const cycles = importCycles(graph).map((group) => describeCycle(group, graph));

    // Assess
    expect(graph.get('gas/main.ts')).toEqual(expect.arrayContaining(['gas/entrypoints.ts']));
    expect(cycles).toEqual([]);
  });

  it(`has no file over ${MAX_FILE_LINES} lines`, () => {
    const long = sourceFiles(undefined, HAND_WRITTEN)
      .map((file) => ({ file, lines: lineCount(readSource(file)) }))
      .filter(({ lines }) => lines > MAX_FILE_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });

  it(`imports zod only in ${ZOD_MODULE} (zod/mini with English messages), tests included`, () => {
    // Act
    const importers = sourceFiles([...PRODUCT_DIRS, 'test'])
      .filter((file) => packagesImported(file).some((name) => /^zod(\/|$)/.test(name)))
      .sort();

    // Assess
    expect(importers).toEqual([ZOD_MODULE]);
    expect([...new Set(packagesImported(ZOD_MODULE))].sort()).toEqual(['zod/locales', 'zod/mini']);
  });
});
