/**
 * The board's lane names (no dependencies, so the browser's board client can use them without
 * bundling the schemas). The captain may rename or add lanes in Settings ("lanes"); these are
 * the defaults and the lanes the system itself moves cards to.
 */
export const DEFAULT_LANES = [
  'New Bookings',
  'Crew Confirmed',
  'Ready',
  'Completed',
  'Paid',
  'Cancelled',
] as const;
export const NEW_LANE = 'New Bookings';
/** Where the one automatic move goes: everyone invited confirmed. */
export const CREW_CONFIRMED_LANE = 'Crew Confirmed';
export const CANCELLED_LANE = 'Cancelled';
