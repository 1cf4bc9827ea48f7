/** The sandbox's command line and report helpers (no servers). */
import { resolve } from 'node:path';
import { parseArgs, UsageError, DEFAULT_PORT } from '../../../local/sandbox/args';
import {
  kanbanCards,
  moneyCell,
  rowsAsObjects,
  stableView,
  type SandboxReport,
} from '../../../local/sandbox/report';

describe('Sandbox command line', () => {
  it('defaults to the sample inbox, the persistent state folder and port 8787', () => {
    const opts = parseArgs([], '/somewhere/else', '/repo');
    expect(opts).toMatchObject({
      once: false,
      inboxDir: resolve('/repo/test/fixtures/boatsetter'),
      stateDir: resolve('/repo/.local/sandbox'),
      port: DEFAULT_PORT,
      reportFile: null,
    });
  });

  it("resolves user paths from the caller's directory and defaults from the repository", () => {
    const opts = parseArgs(['--inbox', 'mail'], '/home/me', '/repo');
    expect(opts.inboxDir).toBe(resolve('/home/me/mail'));
    expect(opts.stateDir).toBe(resolve('/repo/.local/sandbox'));
  });

  it('reads the scriptable --once mode with a fresh state and an ephemeral port', () => {
    const opts = parseArgs(['--once', '--inbox', 'in', '--report=out/r.json'], '/repo', '/repo');
    expect(opts).toMatchObject({
      once: true,
      inboxDir: resolve('/repo/in'),
      reportFile: resolve('/repo/out/r.json'),
      stateDir: null,
      port: 0,
    });
    expect(parseArgs(['--once', '--state', 's', '--port', '9000'], '/repo', '/repo')).toMatchObject(
      {
        stateDir: resolve('/repo/s'),
        port: 9000,
      },
    );
  });

  it('refuses unknown options, bad ports and --report without --once', () => {
    expect(() => parseArgs(['--nope'])).toThrow(UsageError);
    expect(() => parseArgs(['--port', 'x'])).toThrow(/not a port/);
    expect(() => parseArgs(['--port', '70000'])).toThrow(/not a port/);
    expect(() => parseArgs(['--inbox'])).toThrow(/needs a value/);
    expect(() => parseArgs(['--report', 'r.json'])).toThrow(/--once/);
  });
});

describe('Sandbox report', () => {
  it('turns dollar cells into exact decimal strings', () => {
    expect(moneyCell(840.75)).toBe('840.75');
    expect(moneyCell(400)).toBe('400.00');
    expect(moneyCell(0.1 + 0.2)).toBe('0.30');
    expect(moneyCell('$1,240.50')).toBe('1240.50');
    expect(moneyCell('')).toBeNull();
  });

  it('keys rows by header, drops blank rows and converts only money columns', () => {
    const rows = rowsAsObjects(
      [
        ['Booking ID', 'Revenue', 'Party size', 'When'],
        ['X1', 840.75, 6, new Date('2024-05-30T16:00:00Z')],
        ['', '', '', ''],
      ],
      ['Revenue'],
    );
    expect(rows).toEqual([
      { 'Booking ID': 'X1', Revenue: '840.75', 'Party size': 6, When: '2024-05-30T16:00:00.000Z' },
    ]);
  });

  it('reads kanban rows as cards with a lane', () => {
    const [c] = kanbanCards([
      ['Booking ID', 'Lane', 'Gross', 'Net', 'Party size', 'Version'],
      ['X1', 'New Bookings', 840.75, 289.41, '', 2],
    ]);
    expect(c).toMatchObject({
      bookingId: 'X1',
      lane: 'New Bookings',
      gross: '840.75',
      net: '289.41',
      partySize: null,
      version: 2,
    });
  });

  it('compares reports without timestamps and ports', () => {
    const base = {
      generatedAt: 'a',
      urls: { home: 'x' },
      calendar: [{ id: '1', updatedAt: 't1', link: 'http://127.0.0.1:1234/g/a' }],
    };
    const later = {
      generatedAt: 'b',
      urls: { home: 'y' },
      calendar: [{ id: '1', updatedAt: 't2', link: 'http://127.0.0.1:999/g/a' }],
    };
    expect(stableView(later as unknown as SandboxReport)).toEqual(
      stableView(base as unknown as SandboxReport),
    );
    const changed = { ...base, calendar: [{ id: '2' }] };
    expect(stableView(changed as unknown as SandboxReport)).not.toEqual(
      stableView(base as unknown as SandboxReport),
    );
  });
});
