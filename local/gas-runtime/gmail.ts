/**
 * In-memory GmailApp (and MailApp): threads and messages from plain inputs, user labels, the
 * search subset the pipeline uses (`from:`, `label:`, `-label:`), label changes limited to 100
 * threads per call as in Apps Script, and every sent e-mail recorded.
 */
import { CallCounter, guarded, NotImplementedInFakeError } from './common';

export interface GmailInput {
  id: string;
  threadId?: string;
  from: string;
  to: string;
  subject: string;
  date: Date | string;
  plainBody: string;
  htmlBody: string;
  headers: Record<string, string>;
}

export interface SentEmail {
  to: string;
  subject: string;
  body: string;
  via: 'GmailApp' | 'MailApp';
}

interface StoredMessage extends GmailInput {
  threadId: string;
  date: Date;
}

export const MAX_THREADS_PER_LABEL_CALL = 100;
export const MAX_SEARCH_PAGE = 500;

export class FakeGmailStore {
  readonly calls = new CallCounter();
  readonly messages: StoredMessage[] = [];
  readonly labels = new Map<string, Set<string>>();
  readonly sent: SentEmail[] = [];
  /** Largest number of threads passed to one addToThreads/removeFromThreads call. */
  largestLabelCall = 0;

  deliver(...inputs: GmailInput[]): void {
    for (const input of inputs) {
      if (this.messages.some((m) => m.id === input.id))
        throw new Error(`message ${input.id} already delivered`);
      this.messages.push({
        ...input,
        threadId: input.threadId ?? input.id,
        date: new Date(input.date),
      });
    }
  }

  threadIds(): string[] {
    const ids: string[] = [];
    for (const m of this.messages) if (!ids.includes(m.threadId)) ids.push(m.threadId);
    return ids;
  }

  labelsOf(threadId: string): string[] {
    return [...this.labels]
      .filter(([, set]) => set.has(threadId))
      .map(([name]) => name)
      .sort();
  }

  threadsLabelled(name: string): string[] {
    return [...(this.labels.get(name) ?? [])].sort();
  }
}

function matchesQuery(store: FakeGmailStore, threadId: string, query: string): boolean {
  const tokens = query.match(/-?[a-z]+:\([^)]*\)|-?[a-z]+:\S+|\S+/gi) ?? [];
  const messages = store.messages.filter((m) => m.threadId === threadId);
  return tokens.every((token) => {
    const m = /^(-?)([a-z]+):\(?([^)]*)\)?$/i.exec(token);
    if (!m)
      throw new NotImplementedInFakeError(
        `GmailApp.search: "${token}" is not supported by the fake`,
      );
    const [, negate, operator = '', rawValue = ''] = m;
    const value = rawValue.toLowerCase();
    let result: boolean;
    if (operator === 'from') {
      const alternatives = value.split(/\s+or\s+/);
      result = messages.some((msg) =>
        alternatives.some((a) => msg.from.toLowerCase().includes(a.trim())),
      );
    } else if (operator === 'label') {
      const normalize = (name: string): string => name.toLowerCase().replace(/[/ ]/g, '-');
      result = store.labelsOf(threadId).some((name) => normalize(name) === normalize(value));
    } else if (operator === 'after' || operator === 'before') {
      // yyyy/mm/dd is midnight Pacific time in Gmail; plain digits are epoch seconds.
      const d = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(value);
      const limit = d
        ? Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), 8)
        : /^\d+$/.test(value)
          ? Number(value) * 1000
          : NaN;
      if (Number.isNaN(limit)) {
        throw new NotImplementedInFakeError(
          `GmailApp.search: "${token}" is not supported by the fake`,
        );
      }
      result = messages.some((msg) =>
        operator === 'after' ? msg.date.getTime() >= limit : msg.date.getTime() < limit,
      );
    } else if (operator === 'subject')
      result = messages.some((msg) => msg.subject.toLowerCase().includes(value));
    else
      throw new NotImplementedInFakeError(
        `GmailApp.search: operator "${operator}:" is not supported by the fake`,
      );
    return negate ? !result : result;
  });
}

class MessageFake {
  constructor(
    private readonly msg: StoredMessage,
    private readonly thread: () => GoogleAppsScript.Gmail.GmailThread,
  ) {}
  getId(): string {
    return this.msg.id;
  }
  getFrom(): string {
    return this.msg.from;
  }
  getTo(): string {
    return this.msg.to;
  }
  getSubject(): string {
    return this.msg.subject;
  }
  getDate(): Date {
    return new Date(this.msg.date.getTime());
  }
  getPlainBody(): string {
    return this.msg.plainBody;
  }
  getBody(): string {
    return this.msg.htmlBody;
  }
  getHeader(name: string): string {
    const wanted = name.toLowerCase();
    for (const [key, value] of Object.entries(this.msg.headers))
      if (key.toLowerCase() === wanted) return value;
    return '';
  }
  getThread(): GoogleAppsScript.Gmail.GmailThread {
    return this.thread();
  }
}

export function createGmailApp(store: FakeGmailStore): GoogleAppsScript.Gmail.GmailApp {
  const calls: CallCounter = store.calls;
  const thread = (id: string): GoogleAppsScript.Gmail.GmailThread => {
    const self: GoogleAppsScript.Gmail.GmailThread = guarded(
      'GmailThread',
      {
        getId: () => id,
        getMessages: () => messagesOf(id),
        getMessageCount: () => store.messages.filter((m) => m.threadId === id).length,
        getFirstMessageSubject: () => store.messages.find((m) => m.threadId === id)?.subject ?? '',
        getLabels: () => store.labelsOf(id).map(label),
      },
      calls,
    );
    return self;
  };
  const messagesOf = (id: string): GoogleAppsScript.Gmail.GmailMessage[] =>
    store.messages
      .filter((m) => m.threadId === id)
      .sort((a, b) => a.date.getTime() - b.date.getTime())
      .map((m) =>
        guarded<GoogleAppsScript.Gmail.GmailMessage>(
          'GmailMessage',
          new MessageFake(m, () => thread(id)),
          calls,
        ),
      );
  const changeLabel = (
    name: string,
    threads: GoogleAppsScript.Gmail.GmailThread[],
    add: boolean,
  ): void => {
    if (threads.length > MAX_THREADS_PER_LABEL_CALL) {
      throw new Error(
        `Exception: Too many threads: ${threads.length}. At most ${MAX_THREADS_PER_LABEL_CALL} per call.`,
      );
    }
    store.largestLabelCall = Math.max(store.largestLabelCall, threads.length);
    const set = store.labels.get(name);
    if (!set) throw new Error(`label ${name} was deleted`);
    for (const t of threads) {
      if (add) set.add(t.getId());
      else set.delete(t.getId());
    }
  };
  const label = (name: string): GoogleAppsScript.Gmail.GmailLabel =>
    guarded<GoogleAppsScript.Gmail.GmailLabel>(
      'GmailLabel',
      {
        getName: () => name,
        addToThreads: (threads: GoogleAppsScript.Gmail.GmailThread[]) => {
          changeLabel(name, threads, true);
          return label(name);
        },
        removeFromThreads: (threads: GoogleAppsScript.Gmail.GmailThread[]) => {
          changeLabel(name, threads, false);
          return label(name);
        },
        addToThread: (t: GoogleAppsScript.Gmail.GmailThread) => {
          changeLabel(name, [t], true);
          return label(name);
        },
        getThreads: () => [...(store.labels.get(name) ?? [])].map(thread),
      },
      calls,
    );
  const send = (via: SentEmail['via']) => (to: string, subject: string, body: string) => {
    store.sent.push({ to, subject, body, via });
  };
  return guarded<GoogleAppsScript.Gmail.GmailApp>(
    'GmailApp',
    {
      search: (query: string, start = 0, max?: number) => {
        if (max !== undefined && max > MAX_SEARCH_PAGE)
          throw new Error('Argument max cannot exceed 500.');
        // Gmail lists the most recently active thread first.
        const ids = store
          .threadIds()
          .filter((id) => matchesQuery(store, id, query))
          .sort((a, b) => {
            const latest = (id: string): number =>
              Math.max(
                ...store.messages.filter((m) => m.threadId === id).map((m) => m.date.getTime()),
              );
            return latest(b) - latest(a);
          });
        return ids.slice(start, max === undefined ? undefined : start + max).map(thread);
      },
      getMessagesForThreads: (threads: GoogleAppsScript.Gmail.GmailThread[]) =>
        threads.map((t) => messagesOf(t.getId())),
      getUserLabelByName: (name: string) => (store.labels.has(name) ? label(name) : null),
      getUserLabels: () => [...store.labels.keys()].map(label),
      createLabel: (name: string) => {
        if (!store.labels.has(name)) store.labels.set(name, new Set());
        return label(name);
      },
      getThreadById: (id: string) => (store.threadIds().includes(id) ? thread(id) : null),
      sendEmail: send('GmailApp'),
    },
    calls,
  );
}

export function createMailApp(store: FakeGmailStore): GoogleAppsScript.Mail.MailApp {
  return guarded<GoogleAppsScript.Mail.MailApp>(
    'MailApp',
    {
      sendEmail: (to: string | object, subject?: string, body?: string) => {
        if (typeof to !== 'string')
          throw new NotImplementedInFakeError(
            'MailApp.sendEmail(message object) is not implemented in the fake',
          );
        store.sent.push({ to, subject: subject ?? '', body: body ?? '', via: 'MailApp' });
      },
      getRemainingDailyQuota: () => 100,
    },
    store.calls,
  );
}
