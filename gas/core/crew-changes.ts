/**
 * A change to the Crew tab (someone added, removed, made inactive) or to the crew rules' pay or
 * hours changes what an upcoming booking's crew event should say. Each run compares, for every
 * booking that is not cancelled, not past and not waiting for the bridge, the crew it would
 * send now with what it last sent ("Crew sent"); a difference starts a new revision, which the
 * bridge applies to the SAME crew event (SCC invites only those added and tells those removed).
 */
import { computeFinance } from '../../shared/finance';
import { crewFingerprint } from './crew-fingerprint';
import { crewRows } from './crew-sync';
import { log, type RunState } from './pipeline';
import { isWaitingForBridge, setSteps, STEP_CELL } from './records';
import { clearSchedule } from './retry-schedule';

/** Marks rows whose crew changed as a new revision to deliver; returns their indexes. */
export function markCrewChanges(state: RunState): number[] {
  const { bookings, settings, services } = state;
  const changed: number[] = [];
  for (const { index, booking, crew } of crewRows(state)) {
    const sent = bookings.text(index, 'Crew sent');
    if (isWaitingForBridge(bookings, index)) continue;
    const finance = computeFinance(booking, settings.finance, 'new');
    const now = crewFingerprint(booking, finance, crew, services.crypto);
    // A row from before this column existed: what it has now is the baseline.
    if (!sent) bookings.set(index, 'Crew sent', now);
    if (!sent || now === sent) continue;
    const revision = (Number(bookings.get(index, 'Revision')) || 0) + 1;
    bookings.set(index, 'Revision', revision);
    setSteps(bookings, index, STEP_CELL.pending);
    clearSchedule(bookings, index);
    log(
      state,
      booking.id,
      'crew change',
      'pending',
      `revision ${revision}: crew now ${crew.map((m) => `${m.name} (${m.role})`).join(', ') || 'none'}`,
    );
    changed.push(index);
  }
  return changed;
}
