/**
 * The inbox folder: `.eml` files delivered to the Gmail fake once each. Which files were
 * delivered (name + content hash -> message id) is persisted, so a restart or a second run over
 * the same folder delivers nothing twice; a file whose content changed is a new message.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { emlToGmailInput } from '../gas-runtime/eml';
import type { FakeGmailStore } from '../gas-runtime/gmail';

export interface DeliveredFile {
  file: string;
  sha256: string;
  messageId: string;
  deliveredAt: string;
}

export function listEmlFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((name) => name.toLowerCase().endsWith('.eml'))
    .sort();
}

export class InboxFolder {
  constructor(
    readonly dir: string,
    readonly delivered: DeliveredFile[] = [],
  ) {}

  /** Files in the folder that were not delivered yet (by name and content). */
  pending(): Array<{ file: string; bytes: Buffer; sha256: string }> {
    const out: Array<{ file: string; bytes: Buffer; sha256: string }> = [];
    for (const file of listEmlFiles(this.dir)) {
      const bytes = readFileSync(join(this.dir, file));
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      if (this.delivered.some((d) => d.file === file && d.sha256 === sha256)) continue;
      out.push({ file, bytes, sha256 });
    }
    return out;
  }

  /** Delivers the new files to the Gmail fake (oldest file name first); returns what was delivered. */
  async deliverNew(gmail: FakeGmailStore, now = new Date()): Promise<DeliveredFile[]> {
    const added: DeliveredFile[] = [];
    for (const { file, bytes, sha256 } of this.pending()) {
      const base = file.replace(/\.eml$/i, '');
      const taken = (id: string) => gmail.messages.some((m) => m.id === id);
      const messageId = taken(base) ? `${base}-${sha256.slice(0, 8)}` : base;
      if (taken(messageId)) continue; // the exact same bytes under the same name were delivered before
      const input = await emlToGmailInput(bytes, { id: messageId });
      gmail.deliver(input);
      const record = { file, sha256, messageId, deliveredAt: now.toISOString() };
      this.delivered.push(record);
      added.push(record);
    }
    return added;
  }

  fileOf(messageId: string): string | null {
    return this.delivered.find((d) => d.messageId === messageId)?.file ?? null;
  }
}
