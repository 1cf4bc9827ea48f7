/**
 * Tasks for each day of an overnight or multi-day trip: an evening task on every night aboard
 * and a morning task on every morning aboard, at fixed local clock times in the charter's zone
 * (DST-aware), beside the departure- and return-relative tasks of the checklist.
 */
import type { Booking } from './booking';
import { bookingLabels } from './crew-facing';
import { epochOfIso, localPartsAt, readZonedTime, resolveTimeZone } from './time';

export interface DailyTask {
  /** Local clock time (24 h) the task is due on each day aboard. */
  hour: number;
  title: string;
  detail: string;
}

export const EVENING_TASK: DailyTask = {
  hour: 19,
  title: 'Evening: secure for the night',
  detail:
    'Anchor or moor for the night, set the anchor alarm and night lights, check bilge and batteries, agree the night watch.',
};

export const MORNING_TASK: DailyTask = {
  hour: 7,
  title: 'Morning: boat check for the day',
  detail:
    'Engine oil and coolant, bilge, fuel and fresh water for the day; tell the guests the plan and the weather.',
};

export interface DayTask {
  /** "evening, day 1", "morning, day 2". */
  relative: string;
  minutesFromDeparture: number;
  at: string;
  title: string;
  detail: string;
}

/**
 * The evening and morning tasks that fall inside the trip: an evening task at least two hours
 * before the return, a morning task at least two hours after departure and before the return.
 * A day trip has none. Zones the time rules do not know get none either (no guessed clock).
 */
export function dailyTasks(
  booking: Pick<Booking, 'start' | 'timeZone' | 'durationMinutes'>,
): DayTask[] {
  const zone = resolveTimeZone(booking.timeZone);
  if (!zone) return [];
  const startMs = epochOfIso(booking.start);
  const endMs = startMs + booking.durationMinutes * 60_000;
  const first = localPartsAt(zone, startMs);
  const tasks: DayTask[] = [];
  for (let day = 0; day <= 8; day += 1) {
    const date = new Date(Date.UTC(first.year, first.month - 1, first.day + day));
    for (const task of [MORNING_TASK, EVENING_TASK]) {
      const local = {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: task.hour,
        minute: 0,
      };
      const ms = readZonedTime(local, null, zone).epochMs;
      const margin = 2 * 3_600_000;
      const inside =
        task === EVENING_TASK
          ? ms > startMs && ms + margin <= endMs
          : ms >= startMs + margin && ms < endMs;
      if (!inside) continue;
      const minutes = Math.round((ms - startMs) / 60_000);
      tasks.push({
        relative: `${task === EVENING_TASK ? 'evening' : 'morning'}, day ${day + 1}`,
        minutesFromDeparture: minutes,
        at: bookingLabels(booking, minutes).short,
        title: task.title,
        detail: task.detail,
      });
    }
  }
  return tasks;
}
