/**
 * The booking id rule, in a module with no dependencies so browser code (the New booking dialog,
 * the board) checks ids with the same pattern as the schema without bundling the schema.
 */

/** As printed in the structured "Booking ID" / "Booking #" field. Never taken from free text. */
export const BOOKING_ID_PATTERN = /^[A-Za-z0-9-]{4,32}$/;
