/** Once before any suite: dist/gas rebuilt if a source is newer (see test/gas/support/gas-build.ts). */
import { buildGasIfStale } from './gas/support/gas-build';

export default function globalSetup(): void {
  buildGasIfStale();
}
