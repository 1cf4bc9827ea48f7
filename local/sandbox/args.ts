/**
 * Command line of `npm start` (tsx local/start.ts). The `--once --inbox --report [--state]`
 * combination is a stable interface that acceptance checks rely on.
 */
import { resolve } from 'node:path';
import {
  CALENDAR_PROVIDERS,
  CREW_PROVIDERS,
  type CalendarProvider,
  type CrewProvider,
} from '../../shared/providers';

export const DEFAULT_PORT = 8787;
export const DEFAULT_STATE_DIR = '.local/sandbox';
export const DEFAULT_INBOX_DIR = 'test/fixtures/boatsetter';

export interface CliOptions {
  once: boolean;
  /** Folder of .eml files; absolute. */
  inboxDir: string;
  /** Whether --inbox was given (a user folder is watched for new files). */
  inboxGiven: boolean;
  /** --once only: where the JSON report goes; absolute, or null for none. */
  reportFile: string | null;
  /** Absolute state folder, or null: a fresh temporary folder (the default of --once). */
  stateDir: string | null;
  port: number;
  /** Seconds between automatic inbox runs when the inbox folder changed; 0 turns them off. */
  pollSeconds: number;
  reset: boolean;
  help: boolean;
  /** --calendar / --crew: the providers written to Settings at start (unset: left as they are). */
  providers: { calendar?: CalendarProvider; crew?: CrewProvider };
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage: npm start -- [options]

Runs the whole charter system on 127.0.0.1 (no cloud account, no network): the emulators,
the calendar and SCC stand-ins, the bridge, the local edge and the Apps Script bundle, then
processes the inbox and serves a home page.

Options:
  --inbox DIR       folder of Boatsetter .eml files (default: ${DEFAULT_INBOX_DIR});
                    new files dropped in are picked up by the periodic run or "Process inbox now"
  --port N          home page port (default ${DEFAULT_PORT}; 0 picks a free port)
  --state DIR       where state persists (default ${DEFAULT_STATE_DIR}; --once: a fresh temp folder)
  --reset           empty the state folder first (refused while another sandbox uses it)
  --poll SECONDS    how often the inbox folder is checked for new files (default 5; 0 = never)
  --calendar NAME   calendar provider: dashboard (the calendar stand-in) or google (the owner's
                    Google Calendar, an in-memory CalendarApp shown at /google-calendar)
  --crew NAME       crew provider: scc (the SCC stand-in) or builtin (the bridge's own e-mailed
                    confirm/decline links); without these two the sheet's Settings decide
  --once            process the inbox, write the report, stop everything and exit
  --report FILE     with --once: write the JSON report to FILE
  -h, --help        this text
`;

/**
 * `cwd`: where relative paths given by the user start (npm runs scripts from the package root and
 * passes the caller's directory as INIT_CWD); `root`: the repository, where the defaults live.
 */
export function parseArgs(
  argv: readonly string[],
  cwd = process.env.INIT_CWD || process.cwd(),
  root = resolve(__dirname, '../..'),
): CliOptions {
  const opts: CliOptions = {
    once: false,
    inboxDir: resolve(root, DEFAULT_INBOX_DIR),
    inboxGiven: false,
    reportFile: null,
    stateDir: null,
    port: DEFAULT_PORT,
    pollSeconds: 5,
    reset: false,
    help: false,
    providers: {},
  };
  let stateGiven = false;
  let portGiven = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq !== -1 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`${name} needs a value`);
      i += 1;
      return next;
    };
    switch (name) {
      case '--once':
        opts.once = true;
        break;
      case '--inbox':
        opts.inboxDir = resolve(cwd, value());
        opts.inboxGiven = true;
        break;
      case '--report':
        opts.reportFile = resolve(cwd, value());
        break;
      case '--state':
        opts.stateDir = resolve(cwd, value());
        stateGiven = true;
        break;
      case '--port': {
        const raw = value();
        const port = Number(raw);
        if (!/^\d+$/.test(raw) || port > 65535) throw new UsageError(`--port: not a port: ${raw}`);
        opts.port = port;
        portGiven = true;
        break;
      }
      case '--poll': {
        const raw = value();
        const seconds = Number(raw);
        if (!Number.isFinite(seconds) || seconds < 0)
          throw new UsageError(`--poll: not a number of seconds: ${raw}`);
        opts.pollSeconds = seconds;
        break;
      }
      case '--calendar':
        opts.providers.calendar = choice(name, value(), CALENDAR_PROVIDERS);
        break;
      case '--crew':
        opts.providers.crew = choice(name, value(), CREW_PROVIDERS);
        break;
      case '--reset':
        opts.reset = true;
        break;
      case '-h':
      case '--help':
        opts.help = true;
        break;
      default:
        throw new UsageError(`unknown option: ${arg}`);
    }
  }
  if (!opts.once) {
    if (opts.reportFile) throw new UsageError('--report goes with --once');
    if (!stateGiven) opts.stateDir = resolve(root, DEFAULT_STATE_DIR);
  } else if (!portGiven) {
    // A scripted run must never fight over a fixed port with a running sandbox.
    opts.port = 0;
  }
  return opts;
}

function choice<T extends string>(option: string, value: string, options: readonly T[]): T {
  const found = options.find((o) => o === value.toLowerCase());
  if (!found) throw new UsageError(`${option}: expected ${options.join(' or ')}, not ${value}`);
  return found;
}
