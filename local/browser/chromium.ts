/**
 * The one way this repository starts a browser (browser tests, screenshot scripts): playwright-core
 * driving Debian's Chromium when it is installed, and otherwise the Chromium that the npm package
 * `@sparticuz/chromium` ships, so that `npm ci && npm test` needs no apt step.
 *
 * CHARTER_CHROMIUM chooses explicitly:
 *   (unset) or `auto`  Debian's Chromium if present (CHROMIUM_PATH, /usr/bin/chromium), else bundled
 *   `system`           Debian's Chromium, or an error saying how to install it
 *   `bundled`          the npm package's Chromium, even where Debian's is installed
 *   /a/path/chromium   that executable
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export type ChromiumSource = 'system' | 'bundled' | 'path';

export interface ChromiumChoice {
  source: ChromiumSource;
  executablePath: string;
  args: string[];
  env?: Record<string, string>;
}

/** Flags for Debian's Chromium in a headless, offline, throw-away session. */
export const SYSTEM_CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The package's flags are for AWS Lambda. `--single-process` works around a Lambda sandbox error
 * and, on an ordinary machine, stalls playwright for seconds per page once several contexts are
 * open (the board tests time out); everything else is kept.
 */
const LAMBDA_ONLY_ARGS = ['--single-process'];

const SYSTEM_PATHS = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'];
const ROOT = join(__dirname, '../..');
const BUNDLED_PACKAGE = join(ROOT, 'node_modules/@sparticuz/chromium');

/** Which Chromium to launch, from CHARTER_CHROMIUM (and CHROMIUM_PATH, the older override). */
export function chooseChromium(env: NodeJS.ProcessEnv = process.env): ChromiumChoice {
  const wanted = (env.CHARTER_CHROMIUM ?? 'auto').trim() || 'auto';
  if (wanted === 'bundled') return bundledChromium();
  if (wanted !== 'auto' && wanted !== 'system') {
    if (!existsSync(wanted)) {
      throw new Error(
        `CHARTER_CHROMIUM=${wanted}: no such file (use auto, system, bundled or a path)`,
      );
    }
    return { source: 'path', executablePath: wanted, args: SYSTEM_CHROMIUM_ARGS };
  }
  const system = [env.CHROMIUM_PATH, ...SYSTEM_PATHS].find(
    (p): p is string => !!p && existsSync(p),
  );
  if (system) return { source: 'system', executablePath: system, args: SYSTEM_CHROMIUM_ARGS };
  if (wanted === 'system') {
    throw new Error(
      "CHARTER_CHROMIUM=system but Debian's Chromium is not installed: apt-get install -y chromium, or unset CHARTER_CHROMIUM to use the bundled one",
    );
  }
  return bundledChromium();
}

/** Starts a headless browser with a fresh, throw-away profile. */
export function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const choice = chooseChromium();
  return chromium.launch({
    headless: true,
    ...options,
    executablePath: choice.executablePath,
    args: [...choice.args, ...(options.args ?? [])],
    ...(choice.env ? { env: { ...process.env, ...choice.env, ...options.env } } : {}),
  });
}

/**
 * The npm package's Chromium, unpacked once per package version into node_modules/.cache.
 *
 * The package is ESM-only and unpacks into `os.tmpdir()`, returning whatever is already there:
 * two jest workers unpacking at once would hand each other half-written files. So the unpacking
 * runs in a child Node process whose TMPDIR is a private folder, which is then renamed into place
 * in one step (the first rename wins; a loser throws its copy away).
 */
function bundledChromium(): ChromiumChoice {
  if (!existsSync(BUNDLED_PACKAGE)) {
    throw new Error('@sparticuz/chromium is not installed: run npm ci');
  }
  const { version } = JSON.parse(readFileSync(join(BUNDLED_PACKAGE, 'package.json'), 'utf8')) as {
    version: string;
  };
  const cacheDir = join(ROOT, 'node_modules/.cache/charter-chromium');
  const home = join(cacheDir, version);
  const manifest = join(home, 'launch.json');
  if (!existsSync(manifest)) {
    mkdirSync(cacheDir, { recursive: true });
    const scratch = mkdtempSync(join(cacheDir, `unpack-${version}-`));
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', UNPACK_SCRIPT], {
        cwd: ROOT,
        env: { ...process.env, TMPDIR: scratch },
        stdio: ['ignore', 'ignore', 'inherit'],
        timeout: 120_000,
      });
      try {
        renameSync(scratch, home);
      } catch (error) {
        if (!existsSync(manifest)) throw error;
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const launch = JSON.parse(readFileSync(manifest, 'utf8')) as {
    executable: string;
    args: string[];
  };
  return {
    source: 'bundled',
    executablePath: join(home, launch.executable),
    args: launch.args.filter((arg) => !LAMBDA_ONLY_ARGS.includes(arg)),
    env: { FONTCONFIG_FILE: fontConfig(home) },
  };
}

/**
 * A fontconfig file naming the package's fonts and the machine's own. The package's file points
 * at /tmp/fonts (where it unpacks on Lambda); without fonts, text has no size and pages render
 * blank in screenshots, while a bare machine may have no fonts of its own.
 */
function fontConfig(home: string): string {
  const file = join(home, 'fonts.conf');
  if (!existsSync(file)) {
    const dirs = [join(home, 'fonts/fonts'), '/usr/share/fonts', '/usr/local/share/fonts'];
    const xml = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      ...dirs.map((dir) => `  <dir>${dir}</dir>`),
      `  <cachedir>${join(home, 'fonts-cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n');
    const scratch = `${file}.${process.pid}`;
    writeFileSync(scratch, xml);
    renameSync(scratch, file);
  }
  return file;
}

/** Runs in the child: unpack into TMPDIR, record the binary (relative) and the package's flags. */
const UNPACK_SCRIPT = `
import { writeFileSync } from 'node:fs';
import { relative, join } from 'node:path';
import { tmpdir } from 'node:os';
const { default: chromium } = await import('@sparticuz/chromium');
const executable = await chromium.executablePath();
writeFileSync(join(tmpdir(), 'launch.json'), JSON.stringify({ executable: relative(tmpdir(), executable), args: chromium.args }));
`;
