/**
 * Compile-time checks (never bundled, never run): `tsc -p gas/client` fails if the typed
 * google.script.run wrapper stops following the server module.
 */
import type { BoardServer, MoveResult } from '../kanban/server';
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
