/**
 * The sandbox's sheet: the people it is set up for, the crew a fresh sheet starts with, and the
 * Settings rows a sandbox needs at every start (its bridge and home URLs change between starts).
 */
import type { GasRuntime } from '../gas-runtime';
import { TABS } from '../../gas/sheets/schema';
import { SANDBOX_PUBLIC_ORIGIN } from './origin';
import { applyProviderChoice, type ProviderChoice } from './providers';

export const CAPTAIN_EMAIL = 'captain@charter.example';
export const OWNER_EMAIL = 'owner@charter.example';

/** Crew a fresh sandbox sheet starts with (the Crew tab can be edited like any sheet). */
export const SAMPLE_CREW: ReadonlyArray<[string, string, string, number, boolean]> = [
  ['Sam Rivera', 'captain', 'sam.rivera@crew.example', 50, true],
  ['Dana Deck', 'deckhand', 'dana.deck@crew.example', 25, true],
  ['Lee Line', 'deckhand', 'lee.line@crew.example', 25, true],
];

/** Settings and Crew a sandbox needs; ports change between starts, so URLs are always rewritten. */
export function configureSheet(
  gas: GasRuntime,
  urls: { bridgeUrl: string },
  freshSheet: boolean,
  providers: ProviderChoice,
): void {
  const settings = gas.spreadsheet.sheet(TABS.settings);
  if (!settings) throw new Error('the sheet has no Settings tab');
  const set = (key: string, value: string, onlyIfEmpty: boolean) => {
    const row = settings.rows.find((r) => r[0] === key);
    if (!row) settings.rows.push([key, value, '']);
    else if (!onlyIfEmpty || row[1] === '' || row[1] === null) row[1] = value;
  };
  set('captain.email', CAPTAIN_EMAIL, true);
  set('captain.name', 'Sam Rivera', true);
  set('bridge.url', urls.bridgeUrl, false);
  // The fixed public origin, not this start's port: the sandbox shows it as its current address.
  set('guestPage.baseUrl', SANDBOX_PUBLIC_ORIGIN, false);
  // "Set up sheet" limits the inbox to mail received from today on (so a real mailbox's history
  // is never published); the sample inbox is older than that, so a new sandbox sheet has no limit.
  if (freshSheet) set('inbox.since', '', false);
  applyProviderChoice(providers, (key, value) => set(key, value, false));
  // Crew answers are read until a charter ends; the sample charters are in the past, so a new
  // sandbox sheet keeps reading theirs (crew can still answer them through their magic links).
  if (freshSheet) set('crewAnswers.keepReadingDays', '3650', false);
  const crew = gas.spreadsheet.sheet(TABS.crew);
  if (crew && crew.rows.length <= 1) crew.rows.push(...SAMPLE_CREW.map((row) => [...row]));
}
