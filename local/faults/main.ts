/** `npm run faults`: the whole fault matrix on the local stack; the last line is the summary. */
import { allCells, formatRow, runMatrix, summaryLine, TABLE_HEADER } from './matrix';

async function main(): Promise<void> {
  process.exitCode = 2; // until the summary is printed: a run that stops early never looks green
  console.log(TABLE_HEADER);
  const results = await runMatrix(allCells(), (r) => console.log(formatRow(r)));
  console.log(summaryLine(results));
  const bad = results.some((r) => !r.recovered || r.duplicates > 0 || r.lost > 0);
  process.exitCode = bad ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
