/**
 * The sandbox's shared types: its options, a run record, and the surface the home page server
 * reads (`HomeSandbox`). They live here, apart from the Sandbox class and the pages, so the pages
 * depend on a contract rather than on the class (no import cycle between the two).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeCalendarStore, FakeSpreadsheetStore } from '../gas-runtime';
import type { ProviderChoice } from './providers';
import type { ReportEmail, ReportMessage, SandboxReport } from './report';

export interface SandboxOptions {
  /** Where state persists; null: a fresh temporary folder, removed on stop. */
  stateDir: string | null;
  inboxDir: string;
  /** Home page port on 127.0.0.1; 0 = ephemeral. */
  port: number;
  /** Delete the state folder first. */
  reset?: boolean;
  /** Progress lines (default: stderr, so a report on stdout is never mixed with them). */
  log?: (line: string) => void;
  /** Echo the Apps Script console to stderr. */
  echoGasLog?: boolean;
  /** Calendar and crew providers to set in Settings (unset: the sheet keeps its own). */
  providers?: ProviderChoice;
}

/** The Apps Script entry points an inbox run may call. */
export type InboxTrigger = 'processInboxTrigger' | 'menuProcessInbox' | 'menuRetryFailed';

export interface RunRecord {
  trigger: string;
  at: string;
  delivered: string[];
  summary: string;
  error?: string;
}

export type StandinName = 'calendar' | 'scc' | 'cloudfront';

/** What the home page server needs from a running sandbox (the Sandbox class implements it). */
export interface HomeSandbox {
  /** Where the home page is served now (http://127.0.0.1:PORT). */
  readonly homeUrl: string;
  readonly stateDir: string;
  readonly inbox: { readonly dir: string };
  readonly edge: { handle(req: IncomingMessage, res: ServerResponse): Promise<void> };
  /** The bridge's current address (it changes with every start). */
  readonly bridgeUrl: string;
  readonly gas: { spreadsheet: FakeSpreadsheetStore; calendar: FakeCalendarStore };
  readonly runHistory: readonly RunRecord[];
  processInbox(trigger?: InboxTrigger): Promise<RunRecord>;
  /** Writes everything to the state folder now (after a board move, for instance). */
  save(): void;
  report(): Promise<SandboxReport>;
  emails(): Promise<ReportEmail[]>;
  messages(): ReportMessage[];
  tab(name: string): unknown[][] | null;
  standinState<T>(which: StandinName): Promise<T>;
}
