/**
 * Compile-time checks (never bundled, never run): `tsc -p gas/client` fails if the typed
 * google.script.run wrapper stops following the server module.
 */
import type { BoardServer, MoveResult } from '../kanban/server';
import type { DialogServer, PreviewResult } from '../core/dialog';
import { ENTRYPOINTS } from '../entrypoints';
import { serverFunctions } from './rpc';

export async function typeChecks(): Promise<void> {
  const server = serverFunctions<BoardServer>();
  const moved: MoveResult = await server.boardMoveCard({
    bookingId: 'BS-1',
    toLane: 'Ready',
    expectedVersion: 1,
  });
  void moved;
  // @ts-expect-error a function the server does not have
  await server.boardMoveCards({ bookingId: 'BS-1', toLane: 'Ready', expectedVersion: 1 });
  // @ts-expect-error the version the client saw is required
  await server.boardMoveCard({ bookingId: 'BS-1', toLane: 'Ready' });
  // @ts-expect-error step names come from the bridge contract
  await server.boardRetryStep({ bookingId: 'BS-1', step: 'everything' });
  // @ts-expect-error results are typed, not any
  const wrong: string = await server.boardLoad();
  void wrong;
}

export async function dialogTypeChecks(): Promise<void> {
  const dialog = serverFunctions<DialogServer>();
  // The dialog's targets are the ENTRYPOINTS names.
  const names: Array<keyof DialogServer> = [
    ENTRYPOINTS.dialogPreviewFinance,
    ENTRYPOINTS.dialogSubmitBooking,
  ];
  void names;
  const preview: PreviewResult = await dialog.dialogPreviewFinance({ date: '2026-12-20' });
  void preview;
  // @ts-expect-error form fields are named by the server's FORM_FIELDS
  await dialog.dialogSubmitBooking({ guest: 'Ana' });
}
