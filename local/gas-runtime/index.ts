/**
 * The Apps Script runtime for tests and the sandbox: every fake service wired together, plus
 * loading the built bundle and calling its entry points as separate "executions" (the script
 * lock is released at the end of each, as Apps Script does).
 */
import * as path from 'node:path';
import type * as vm from 'node:vm';
import { createCalendarApp, FakeCalendarStore } from './calendar';
import { createHtmlService, type FakeHtmlService } from './html-service';
import { createGmailApp, createMailApp, FakeGmailStore } from './gmail';
import { loadGasBundle } from './load-bundle';
import {
  createConsole,
  createLockService,
  createLogger,
  createPropertiesService,
  createScriptApp,
  createSession,
  createUtilities,
  LogStore,
  ScriptAppState,
  ScriptLockState,
} from './services';
import { createSpreadsheetApp, FakeSpreadsheetStore } from './spreadsheet';
import { createUrlFetchApp, FakeUrlFetchStore, type RecordedRequest } from './url-fetch';

export { FakeSpreadsheetStore } from './spreadsheet';
export { FakeGmailStore, type GmailInput } from './gmail';
export { FakeCalendarStore, type FakeCalendarEvent } from './calendar';
export { loadGasBundle, topLevelFunctionNames } from './load-bundle';
export { loadEml, emlToGmailInput } from './eml';

export interface GasRuntimeOptions {
  spreadsheet?: FakeSpreadsheetStore;
  /** The owner's Google Calendars (CalendarApp); empty unless given. */
  calendar?: FakeCalendarStore;
  scriptProperties?: Record<string, string>;
  timeZone?: string;
  userEmail?: string;
  /** A controllable clock: Date.now() and `new Date()` inside the bundle read it. */
  now?: () => number;
  onFetch?: (requests: RecordedRequest[]) => void;
  htmlDir?: string;
  webAppUrl?: string | null;
}

export interface GasRuntime {
  globals: Record<string, unknown>;
  spreadsheet: FakeSpreadsheetStore;
  calendar: FakeCalendarStore;
  gmail: FakeGmailStore;
  urlFetch: FakeUrlFetchStore;
  scriptProperties: Map<string, string>;
  lock: ScriptLockState;
  scriptApp: ScriptAppState;
  logs: LogStore;
  html: FakeHtmlService;
}

export interface GasBundle {
  context: vm.Context;
  /** Calls a top-level function as one execution (locks it took are released afterwards). */
  call<T = unknown>(name: string, ...args: unknown[]): T;
}

function fakeDate(now: () => number): DateConstructor {
  class ClockDate extends Date {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(now());
      else super(...(args as [string | number]));
    }
    static override now(): number {
      return now();
    }
  }
  return ClockDate as unknown as DateConstructor;
}

export function createGasRuntime(options: GasRuntimeOptions = {}): GasRuntime {
  const spreadsheet = options.spreadsheet ?? new FakeSpreadsheetStore();
  const gmail = new FakeGmailStore();
  const calendar = options.calendar ?? new FakeCalendarStore();
  if (options.now) calendar.now = options.now;
  const urlFetch = new FakeUrlFetchStore();
  const scriptProperties = new Map(Object.entries(options.scriptProperties ?? {}));
  const lock = new ScriptLockState();
  const scriptApp = new ScriptAppState();
  scriptApp.serviceUrl = options.webAppUrl ?? null;
  const logs = new LogStore();
  const html = createHtmlService({
    htmlDir: options.htmlDir ?? path.resolve(__dirname, '../../dist/gas'),
  });
  const logger = createLogger(logs);
  const globals: Record<string, unknown> = {
    SpreadsheetApp: createSpreadsheetApp(spreadsheet),
    GmailApp: createGmailApp(gmail),
    MailApp: createMailApp(gmail),
    CalendarApp: createCalendarApp(calendar),
    UrlFetchApp: createUrlFetchApp(urlFetch, { onFetch: options.onFetch }),
    PropertiesService: createPropertiesService(scriptProperties),
    LockService: createLockService(lock),
    ScriptApp: createScriptApp(scriptApp),
    Utilities: createUtilities(),
    Session: createSession({
      timeZone: options.timeZone ?? 'America/Los_Angeles',
      email: options.userEmail ?? 'owner@example.com',
    }),
    HtmlService: html,
    Logger: logger,
    console: createConsole(logs),
  };
  if (options.now) globals.Date = fakeDate(options.now);
  return {
    globals,
    spreadsheet,
    calendar,
    gmail,
    urlFetch,
    scriptProperties,
    lock,
    scriptApp,
    logs,
    html,
  };
}

let executions = 0;

export function loadBundle(runtime: GasRuntime, codeJsPath: string): GasBundle {
  const context = loadGasBundle(codeJsPath, runtime.globals);
  runtime.html.setScope(context);
  return {
    context,
    call<T>(name: string, ...args: unknown[]): T {
      const fn = (context as Record<string, unknown>)[name];
      if (typeof fn !== 'function')
        throw new Error(`${name} is not a top-level function of the bundle`);
      const execution = `execution-${++executions}`;
      const previous = runtime.lock.currentExecution;
      runtime.lock.currentExecution = execution;
      try {
        return (fn as (...a: unknown[]) => T)(...args);
      } finally {
        runtime.lock.releaseFor(execution);
        runtime.lock.currentExecution = previous;
      }
    },
  };
}
