/**
 * Local CloudFront stand-in: the REST-XML subset (API version 2020-05-31) that the real
 * `@aws-sdk/client-cloudfront` uses for CreateInvalidation and GetInvalidation, with the service's
 * CallerReference rules:
 *   same CallerReference + same paths      -> the existing invalidation (no new one is made);
 *   same CallerReference + different paths -> 409 InvalidationBatchAlreadyExists.
 * A new invalidation is InProgress and becomes Completed after `completeAfterGets` GetInvalidation
 * calls (default 1: the next Get sees Completed) or `completeAfterMs`, whichever comes first.
 * Unknown distribution -> 404 NoSuchDistribution; unknown invalidation -> 404 NoSuchInvalidation.
 * Signatures are not checked (the SDK signs with whatever credentials it has).
 * Local extras: GET /__state (invalidations, a per-call log), POST|DELETE /__faults.
 *
 * Shapes checked against the SDK's schema (dist-cjs): CreateInvalidation is
 * POST /2020-05-31/distribution/{DistributionId}/invalidation -> 201, Location header +
 * <Invalidation><Id/><Status/><CreateTime/><InvalidationBatch><Paths><Quantity/><Items><Path/>...
 * </Items></Paths><CallerReference/></InvalidationBatch></Invalidation>; errors are
 * <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  loadJsonFile,
  saveJsonFile,
  startStandinServer,
  type StandinHandle,
  type StandinRequest,
  type StandinResponse,
} from '../standins/http-kit';

export const CLOUDFRONT_API_VERSION = '2020-05-31';
const XMLNS = `http://cloudfront.amazonaws.com/doc/${CLOUDFRONT_API_VERSION}/`;

export type InvalidationStatus = 'InProgress' | 'Completed';

export interface StoredInvalidation {
  distributionId: string;
  id: string;
  callerReference: string;
  paths: string[];
  createTime: string;
  /** Status as last reported to a caller. */
  status: InvalidationStatus;
  getCount: number;
}

export interface CloudFrontCall {
  at: string;
  operation: 'CreateInvalidation' | 'GetInvalidation';
  distributionId: string;
  invalidationId?: string;
  callerReference?: string;
  paths?: string[];
  /** created | existing (idempotent repeat) | error code */
  outcome: string;
}

export interface CloudFrontState {
  distributions: string[];
  invalidations: StoredInvalidation[];
  requests: CloudFrontCall[];
}

export interface CloudFrontStandinOptions {
  /** Distribution ids that exist. */
  distributions: string[];
  port?: number;
  /** GetInvalidation calls after which an invalidation reports Completed (default 1). */
  completeAfterGets?: number;
  /** Or: milliseconds after creation after which it reports Completed. */
  completeAfterMs?: number;
  /** Persist invalidations and the request log to `<dataDir>/cloudfront.json` and resume from it. */
  dataDir?: string;
  now?: () => Date;
}

export type CloudFrontStandin = StandinHandle<CloudFrontState>;

const ROUTE = new RegExp(
  `^/${CLOUDFRONT_API_VERSION}/distribution/([^/]+)/invalidation(?:/([^/]+))?$`,
);

export async function startCloudFrontStandin(
  options: CloudFrontStandinOptions,
): Promise<CloudFrontStandin> {
  const now = options.now ?? (() => new Date());
  const completeAfterGets = options.completeAfterGets ?? 1;
  const file = options.dataDir ? join(options.dataDir, 'cloudfront.json') : undefined;
  const saved = (file ? loadJsonFile(file) : undefined) as Partial<CloudFrontState> | undefined;
  const state: CloudFrontState = {
    distributions: [...options.distributions],
    invalidations: saved?.invalidations ?? [],
    requests: saved?.requests ?? [],
  };
  const persist = () => {
    if (file) saveJsonFile(file, { invalidations: state.invalidations, requests: state.requests });
  };
  let baseUrl = '';

  const currentStatus = (inv: StoredInvalidation): InvalidationStatus => {
    if (inv.status === 'Completed') return 'Completed';
    const byGets = inv.getCount >= completeAfterGets;
    const byTime =
      options.completeAfterMs !== undefined &&
      now().getTime() - Date.parse(inv.createTime) >= options.completeAfterMs;
    return byGets || byTime ? 'Completed' : 'InProgress';
  };

  const handleApi = async (req: StandinRequest): Promise<StandinResponse> => {
    try {
      return answer(req);
    } finally {
      persist();
    }
  };

  const answer = (req: StandinRequest): StandinResponse => {
    const match = ROUTE.exec(req.path);
    if (!match) return xmlError(404, 'NotFound', 'Unknown resource');
    const distributionId = match[1] as string;
    const invalidationId = match[2];
    const log = (entry: Omit<CloudFrontCall, 'at' | 'distributionId'>) =>
      state.requests.push({ at: now().toISOString(), distributionId, ...entry });

    if (!invalidationId && req.method === 'POST') {
      if (!state.distributions.includes(distributionId)) {
        log({ operation: 'CreateInvalidation', outcome: 'NoSuchDistribution' });
        return xmlError(404, 'NoSuchDistribution', 'The specified distribution does not exist.');
      }
      const batch = parseInvalidationBatch(req.body.toString('utf8'));
      if ('error' in batch) {
        log({ operation: 'CreateInvalidation', outcome: batch.code });
        return xmlError(400, batch.code, batch.error);
      }
      const { callerReference, paths } = batch;
      const existing = state.invalidations.find(
        (i) => i.distributionId === distributionId && i.callerReference === callerReference,
      );
      if (existing) {
        if (!samePaths(existing.paths, paths)) {
          log({
            operation: 'CreateInvalidation',
            callerReference,
            paths,
            outcome: 'InvalidationBatchAlreadyExists',
          });
          return xmlError(
            409,
            'InvalidationBatchAlreadyExists',
            'An invalidation batch with this CallerReference already exists with different paths.',
          );
        }
        log({
          operation: 'CreateInvalidation',
          invalidationId: existing.id,
          callerReference,
          paths,
          outcome: 'existing',
        });
        existing.status = currentStatus(existing);
        return created(existing);
      }
      const invalidation: StoredInvalidation = {
        distributionId,
        id: newInvalidationId(),
        callerReference,
        paths,
        createTime: now().toISOString(),
        status: 'InProgress',
        getCount: 0,
      };
      state.invalidations.push(invalidation);
      log({
        operation: 'CreateInvalidation',
        invalidationId: invalidation.id,
        callerReference,
        paths,
        outcome: 'created',
      });
      return created(invalidation);
    }

    if (invalidationId && req.method === 'GET') {
      if (!state.distributions.includes(distributionId)) {
        log({ operation: 'GetInvalidation', invalidationId, outcome: 'NoSuchDistribution' });
        return xmlError(404, 'NoSuchDistribution', 'The specified distribution does not exist.');
      }
      const invalidation = state.invalidations.find(
        (i) => i.distributionId === distributionId && i.id === invalidationId,
      );
      if (!invalidation) {
        log({ operation: 'GetInvalidation', invalidationId, outcome: 'NoSuchInvalidation' });
        return xmlError(404, 'NoSuchInvalidation', 'The specified invalidation does not exist.');
      }
      invalidation.getCount += 1;
      invalidation.status = currentStatus(invalidation);
      log({ operation: 'GetInvalidation', invalidationId, outcome: invalidation.status });
      return { status: 200, contentType: 'text/xml', text: invalidationXml(invalidation) };
    }
    return xmlError(405, 'MethodNotAllowed', `${req.method} is not supported on this resource`);
  };

  const created = (inv: StoredInvalidation): StandinResponse => ({
    status: 201,
    contentType: 'text/xml',
    headers: {
      location: `${baseUrl}/${CLOUDFRONT_API_VERSION}/distribution/${inv.distributionId}/invalidation/${inv.id}`,
    },
    text: invalidationXml(inv),
  });

  const snapshot = (): CloudFrontState => {
    for (const inv of state.invalidations) inv.status = currentStatus(inv);
    return structuredClone(state);
  };

  const server = await startStandinServer({
    port: options.port,
    handleApi,
    state: snapshot,
    faultResponse: faultXml,
  });
  baseUrl = server.url;

  return {
    url: server.url,
    port: server.port,
    state: () => ({
      ...snapshot(),
      calls: structuredClone(server.calls),
      faults: server.faults.list(),
    }),
    injectFault: (fault) => void server.faults.add(fault),
    clearFaults: () => server.faults.clear(),
    close: () => server.close(),
  };
}

function newInvalidationId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(13);
  return 'I' + Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

function samePaths(a: string[], b: string[]): boolean {
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.length === sb.length && sa.every((p, i) => p === sb[i]);
}

type ParsedBatch = { callerReference: string; paths: string[] } | { error: string; code: string };

/** Reads the InvalidationBatch document the SDK sends (a fixed, flat shape). */
export function parseInvalidationBatch(xml: string): ParsedBatch {
  if (!/<InvalidationBatch[\s>]/.test(xml)) {
    return {
      code: 'MalformedInput',
      error: 'The request body must be an InvalidationBatch document.',
    };
  }
  const callerReference = firstText(xml, 'CallerReference');
  if (!callerReference) return { code: 'InvalidArgument', error: 'CallerReference is required.' };
  const quantityText = firstText(xml, 'Quantity');
  const paths = allTexts(xml, 'Path');
  const quantity = Number(quantityText);
  if (!Number.isInteger(quantity) || quantity !== paths.length) {
    return {
      code: 'InconsistentQuantities',
      error: 'Paths.Quantity does not match the number of paths.',
    };
  }
  if (paths.length === 0)
    return { code: 'InvalidArgument', error: 'At least one path is required.' };
  const bad = paths.find(
    (p) => !p.startsWith('/') || p.length > 4000 || p.slice(0, -1).includes('*'),
  );
  if (bad !== undefined) {
    return {
      code: 'InvalidArgument',
      error: 'Each path must start with / and may end with a single *.',
    };
  }
  return { callerReference, paths };
}

function firstText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return m ? decodeXml(m[1] as string) : undefined;
}

function allTexts(xml: string, tag: string): string[] {
  return Array.from(xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g')), (m) =>
    decodeXml(m[1] as string),
  );
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    switch (entity) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(
          entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10),
        );
    }
  });
}

function encodeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function invalidationXml(inv: StoredInvalidation): string {
  const items = inv.paths.map((p) => `<Path>${encodeXml(p)}</Path>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Invalidation xmlns="${XMLNS}">` +
    `<Id>${inv.id}</Id><Status>${inv.status}</Status><CreateTime>${inv.createTime}</CreateTime>` +
    `<InvalidationBatch><Paths><Quantity>${inv.paths.length}</Quantity><Items>${items}</Items></Paths>` +
    `<CallerReference>${encodeXml(inv.callerReference)}</CallerReference></InvalidationBatch>` +
    `</Invalidation>`
  );
}

function xmlError(status: number, code: string, message: string): StandinResponse {
  return {
    status,
    contentType: 'text/xml',
    headers: { 'x-amzn-requestid': randomUUID() },
    text:
      `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XMLNS}"><Error>` +
      `<Type>${status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${code}</Code>` +
      `<Message>${encodeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  };
}

/** Injected faults answer like the service would: throttling or a server-side failure. */
function faultXml(status: number): StandinResponse {
  if (status === 429) return xmlError(status, 'Throttling', 'Rate exceeded');
  if (status >= 500) return xmlError(status, 'ServiceUnavailable', 'Injected fault');
  return xmlError(status, 'InjectedFault', `Injected fault: ${status}`);
}
