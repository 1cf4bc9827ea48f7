/** Every step of a booking run, in the order results are reported (STEP_NAMES). */
import { captainEmailStep } from './captain-email';
import { calendarStep } from './calendar';
import { crewEventStep } from './crew-event';
import { checklistStep, guestPageStep, invalidationStep } from './pages';
import type { BridgeStep } from './step';

export const BOOKING_STEPS: readonly BridgeStep[] = [
  calendarStep,
  crewEventStep,
  checklistStep,
  guestPageStep,
  invalidationStep,
  captainEmailStep,
];
