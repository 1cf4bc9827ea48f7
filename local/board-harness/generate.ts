/**
 * Realistic sample bookings at any size, for trying the board at scale (`--cards 1000`) and for
 * the bench: a year of past charters and six months ahead, a few boats, Boatsetter and direct
 * bookings, lanes that follow time (past trips completed or paid, upcoming ones new, confirmed
 * or ready), some cancellations, a few failed steps and the odd loss-making charter.
 * Deterministic: the same `n` and `today` give the same sheet.
 */
import type { CrewStatus } from '../../shared/kanban';
import { formatInstantInZone } from '../../shared/time';
import type { SeedBooking } from './seed';

const FIRST = [
  'Maria',
  'Tom',
  'Priya',
  'Sam',
  'Chen',
  'Olivia',
  'Daniel',
  'Aisha',
  'Lukas',
  'Yuki',
  'Grace',
  'Mateo',
  'Noah',
  'Fatima',
  'Ethan',
  'Sofia',
  'Liam',
  'Hana',
  'Omar',
  'Emma',
];
const LAST = [
  'Lopez',
  "O'Neil",
  'Natarajan',
  'Whitaker',
  'Wei',
  'Brooks',
  'Kim',
  'Rahman',
  'Becker',
  'Tanaka',
  'Okafor',
  'Silva',
  'Cohen',
  'Haddad',
  'Novak',
  'Rossi',
  'Murphy',
  'Sato',
  'Farouk',
  'Dubois',
];
const BOATS = [
  'Sea Breeze (42 ft Bayliner)',
  'Blue Heron (36 ft Catalina)',
  'Windward (50 ft Beneteau)',
];
const HOURS = [2, 2.5, 3, 4, 4, 4, 6, 8];
const DAY = 86_400_000;

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenerateOptions {
  /** "Now" for the sample (default: the real now). */
  now?: number;
  seed?: number;
}

export function generateBookings(n: number, options: GenerateOptions = {}): SeedBooking[] {
  const now = options.now ?? Date.now();
  const next = random(options.seed ?? 20261121);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const bookings: SeedBooking[] = [];
  for (let i = 0; i < n; i += 1) {
    // Two thirds in the past year, one third in the coming six months.
    const dayOffset = next() < 0.66 ? -Math.ceil(next() * 365) : Math.floor(next() * 183);
    const startHour = pick([8, 9, 10, 13, 14, 16, 17]);
    const midnight = Math.floor((now + dayOffset * DAY) / DAY) * DAY;
    // 8 h behind UTC is near enough for picking a local hour; the ISO carries the real offset.
    const start = formatInstantInZone(
      'America/Los_Angeles',
      midnight + (startHour + 8) * 3_600_000,
    );
    const hours = pick(HOURS);
    const past = dayOffset < 0;
    const cancelled = next() < 0.05;
    const lane = cancelled
      ? 'Cancelled'
      : past
        ? pick(['Completed', 'Paid', 'Paid'])
        : pick(['New Bookings', 'New Bookings', 'Crew Confirmed', 'Ready']);
    const crew: CrewStatus = past
      ? 'confirmed'
      : pick(['pending', 'confirmed', 'confirmed', 'declined', 'unknown']);
    const failing = !past && !cancelled && next() < 0.04;
    const loss = next() < 0.02;
    bookings.push({
      id: `${next() < 0.8 ? 'BS' : 'DIR'}-${String(100000 + i)}`,
      guest: `${pick(FIRST)} ${pick(LAST)}`,
      start,
      hours,
      party: 2 + Math.floor(next() * 11),
      ownerEarnings: loss ? 15000 : Math.round(hours * (150 + next() * 120) * 100),
      lane,
      crew,
      boat: pick(BOATS),
      ...(failing
        ? {
            steps: { Calendar: 'failed' },
            lastError: 'calendar: calendar service GET /api/calendar/events: HTTP 503',
          }
        : {}),
    });
  }
  for (const booking of bookings) {
    if (booking.id.startsWith('DIR')) booking.source = 'manual';
  }
  return bookings;
}
