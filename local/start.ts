/**
 * `npm start`: the whole charter system on 127.0.0.1, no cloud account, no network.
 *
 *   npm start                                  start, process the sample inbox, serve the home page
 *   npm start -- --inbox DIR --port 0          your own .eml folder, any free port
 *   npm start -- --once --inbox DIR --report out.json [--state DIR]
 *                                              process every .eml, write the JSON report, exit
 *
 * Everything is exported so tests and the benchmark drive the same code in-process.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs, UsageError, USAGE, type CliOptions } from './sandbox/args';
import { Sandbox } from './sandbox/sandbox';
import { summaryText } from './sandbox/summary';
import type { SandboxOptions } from './sandbox/types';
import type { SandboxReport } from './sandbox/report';

export { Sandbox } from './sandbox/sandbox';
export { summaryText } from './sandbox/summary';
export type { SandboxOptions, RunRecord } from './sandbox/types';
export type { SandboxReport } from './sandbox/report';
export { stableView } from './sandbox/report';
export { parseArgs } from './sandbox/args';

/** Starts the sandbox and runs the inbox once. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const sandbox = await Sandbox.start(options);
  try {
    await sandbox.processInbox();
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  return sandbox;
}

/** The --once mode: process the inbox, report, stop. */
export async function runOnce(
  options: SandboxOptions & { reportFile?: string | null },
): Promise<SandboxReport> {
  const sandbox = await startSandbox(options);
  try {
    const report = await sandbox.report();
    if (options.reportFile) {
      mkdirSync(dirname(options.reportFile), { recursive: true });
      writeFileSync(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
    }
    return report;
  } finally {
    await sandbox.stop();
  }
}

function sandboxOptions(cli: CliOptions, log: (line: string) => void): SandboxOptions {
  return {
    stateDir: cli.stateDir,
    inboxDir: cli.inboxDir,
    port: cli.port,
    reset: cli.reset,
    log,
    providers: cli.providers,
  };
}

async function main(argv: string[]): Promise<number> {
  let cli: CliOptions;
  try {
    cli = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (cli.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (!existsSync(cli.inboxDir)) {
    if (cli.once) {
      process.stderr.write(`--inbox: no such folder: ${cli.inboxDir}\n`);
      return 2;
    }
    mkdirSync(cli.inboxDir, { recursive: true }); // a folder to drop .eml files into
  }

  if (cli.once) {
    const report = await runOnce({ ...sandboxOptions(cli, log), reportFile: cli.reportFile });
    log(summaryText(report));
    if (cli.reportFile) log(`Report: ${cli.reportFile}`);
    return report.ok ? 0 : 1;
  }

  const sandbox = await startSandbox(sandboxOptions(cli, log));
  const report = await sandbox.report();
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(summaryText(report));
  out('');
  out(`Home page:    ${sandbox.homeUrl}/`);
  out(`Kanban board: ${sandbox.homeUrl}/board`);
  out(`Inbox folder: ${sandbox.inbox.dir} (new .eml files are picked up automatically)`);
  out(`State:        ${sandbox.stateDir} (npm start -- --reset starts afresh)`);
  out('Press Ctrl-C to stop.');

  // New files in the inbox folder are delivered and processed; every 5 minutes the trigger runs
  // anyway, like the installed time-driven trigger (it also retries failed bridge steps).
  let lastTrigger = Date.now();
  const timer =
    cli.pollSeconds > 0
      ? setInterval(() => {
          const due = Date.now() - lastTrigger >= 5 * 60_000;
          if (!due && sandbox.inbox.pending().length === 0) return;
          lastTrigger = Date.now();
          void sandbox.processInbox().then(
            (run) => {
              if (run.delivered.length > 0 || run.error)
                out(`[inbox] ${run.delivered.join(', ') || 'no new files'}: ${run.summary}`);
            },
            (error: unknown) => out(`[inbox] run failed: ${(error as Error).message}`),
          );
        }, cli.pollSeconds * 1000)
      : null;

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      out(`\n${signal}: stopping (state is saved)…`);
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  if (timer) clearInterval(timer);
  await sandbox.stop();
  out('Stopped.');
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `npm start failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
