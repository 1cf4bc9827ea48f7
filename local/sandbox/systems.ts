/**
 * Reading what each system of a running sandbox holds: the stand-ins' state, the pages bucket
 * (through the local edge, as a guest would), the captured e-mails, the Gmail fake's messages and
 * the sheet's tabs. Read-only: nothing here changes any system. Stored links come out pointing
 * at the sandbox's current address (origin.ts).
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { parseSettings } from '../../gas/core/settings';
import type { CellValue } from '../../gas/ports';
import { TABS } from '../../gas/sheets/schema';
import { readSesStore } from '../aws/emulators';
import type { GasRuntime } from '../gas-runtime';
import type { InboxFolder } from './inbox';
import type {
  ReportEmail,
  ReportGuestPage,
  ReportInvalidation,
  ReportMessage,
  SandboxReport,
} from './report';
import { localize } from './origin';
import { OWNER_EMAIL } from './sheet-setup';
import type { StackInfo } from './stack-process';
import type { StandinName } from './types';

export interface SystemSources {
  stack: StackInfo;
  s3: S3Client;
  homeUrl: string;
  gas: GasRuntime;
  inbox: InboxFolder;
  /** When each e-mail the Apps Script bundle sent was recorded (the Gmail fake keeps no time). */
  sentAt: readonly string[];
}

export class SystemReader {
  constructor(private readonly src: SystemSources) {}

  /** JSON from a stand-in's GET /__state. */
  async standinState<T>(which: StandinName): Promise<T> {
    const res = await fetch(new URL('/__state', this.src.stack.endpoints[which]));
    if (!res.ok) throw new Error(`${which} stand-in GET /__state answered ${res.status}`);
    return localize((await res.json()) as T, this.src.homeUrl);
  }

  /** Every CreateInvalidation the CloudFront stand-in received (it persists them itself). */
  async invalidations(): Promise<ReportInvalidation[]> {
    const state = await this.standinState<{ invalidations: ReportInvalidation[] }>('cloudfront');
    return state.invalidations.map((inv) => ({
      id: inv.id,
      distributionId: inv.distributionId,
      callerReference: inv.callerReference,
      paths: inv.paths,
      status: inv.status,
      createTime: inv.createTime,
    }));
  }

  tab(name: string): unknown[][] | null {
    const { spreadsheet } = this.src.gas;
    return spreadsheet.sheet(name) ? localize(spreadsheet.values(name), this.src.homeUrl) : null;
  }

  /** Slugs of the guest pages in the bucket (keys `{slug}.html` at the top level). */
  async guestPageSlugs(): Promise<string[]> {
    const slugs: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.src.s3.send(
        new ListObjectsV2Command({
          Bucket: this.src.stack.config.pagesBucket,
          ContinuationToken: token,
        }),
      );
      for (const object of page.Contents ?? []) {
        const m = /^([a-z0-9-]{1,64})\.html$/.exec(object.Key ?? '');
        if (m?.[1]) slugs.push(m[1]);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return slugs.sort();
  }

  /** Fetches `/g/{slug}` THROUGH the local edge (the CloudFront Function, then S3). */
  async fetchGuestPage(slug: string): Promise<ReportGuestPage> {
    const path = `/g/${slug}`;
    const url = `${this.src.homeUrl}${path}`;
    const res = await fetch(url);
    return {
      slug,
      path,
      url,
      status: res.status,
      contentType: res.headers.get('content-type'),
      cacheControl: res.headers.get('cache-control'),
      html: await res.text(),
    };
  }

  /** Every captured e-mail: the bridge's (SES emulator) first, then the Apps Script bundle's. */
  async emails(): Promise<ReportEmail[]> {
    const ses = await readSesStore(this.src.stack.endpoints.ses);
    const fromSes: ReportEmail[] = ses.emails.map((e) => ({
      source: 'ses',
      from: e.from,
      to: e.destination.to,
      subject: e.subject,
      text: e.body.text ?? '',
      html: e.body.html ?? '',
      at: new Date(e.at * 1000).toISOString(),
    }));
    const fromGas: ReportEmail[] = this.src.gas.gmail.sent.map((m, i) => ({
      source: 'apps-script',
      from: OWNER_EMAIL,
      to: m.to.split(',').map((s) => s.trim()),
      subject: m.subject,
      text: m.body,
      html: '',
      at: this.src.sentAt[i] ?? '',
    }));
    return localize([...fromSes, ...fromGas], this.src.homeUrl);
  }

  messages(): ReportMessage[] {
    const { gmail } = this.src.gas;
    return gmail.messages.map((m) => ({
      file: this.src.inbox.fileOf(m.id),
      subject: m.subject,
      from: m.from,
      labels: gmail.labelsOf(m.threadId),
    }));
  }

  /** The providers the sheet's Settings choose now (the captain may change them there). */
  providers(): SandboxReport['providers'] {
    try {
      return parseSettings(this.tab(TABS.settings) as CellValue[][] | null).providers;
    } catch {
      return { calendar: 'dashboard', crew: 'scc' };
    }
  }
}
