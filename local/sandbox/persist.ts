/**
 * What the sandbox keeps on disk between starts, besides what the emulators and stand-ins keep
 * themselves: the Gmail fake (messages, labels, sent mail), the Script Properties, which inbox
 * files were already delivered, and the run history. Writes go through a temp file + rename so a
 * Ctrl-C in the middle never leaves half a file.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { FakeGmailStore, GmailInput, SentEmail } from '../gas-runtime/gmail';

export function writeJsonAtomic(file: string, data: unknown): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(data, null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
}

export function readJson<T>(file: string, fallback: T): T {
  if (!existsSync(file)) return fallback;
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

interface GmailSnapshot {
  messages: Array<Omit<GmailInput, 'date'> & { threadId: string; date: string }>;
  labels: Record<string, string[]>;
  sent: SentEmail[];
  /** When each sent e-mail was recorded (the fake does not keep a time). */
  sentAt: string[];
}

export function saveGmail(store: FakeGmailStore, sentAt: readonly string[], file: string): void {
  const snapshot: GmailSnapshot = {
    messages: store.messages.map((m) => ({ ...m, date: m.date.toISOString() })),
    labels: Object.fromEntries([...store.labels].map(([name, set]) => [name, [...set].sort()])),
    sent: store.sent,
    sentAt: [...sentAt],
  };
  writeJsonAtomic(file, snapshot);
}

/** Restores a saved Gmail fake into an empty store; returns the recorded send times. */
export function loadGmail(store: FakeGmailStore, file: string): string[] {
  const snapshot = readJson<GmailSnapshot | null>(file, null);
  if (!snapshot) return [];
  store.deliver(...snapshot.messages);
  for (const [name, ids] of Object.entries(snapshot.labels)) store.labels.set(name, new Set(ids));
  store.sent.push(...snapshot.sent);
  return snapshot.sentAt ?? snapshot.sent.map(() => new Date(0).toISOString());
}
