/**
 * The bundle that ships (lambda-bridge/build.mjs, with the SDK schema trimming of
 * sdk-schema-keys.mjs) run against the local AWS emulators with nothing but its environment:
 * its own DynamoDB, S3, SES and CloudFront clients serialize every call the bridge makes, and a
 * booking reaches every service once, whichever crew provider the sheet chose.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { localCredentials, LOCAL_REGION } from '../../local/aws/emulators';
import { postSigned } from '../../local/signed-post';
import { startLocalStack, type LocalStack } from '../../local/stack';
import type { BridgeRequest, BridgeResponse } from '../../shared/bridge-contract';
import { slugForBookingId } from '../../shared/slug';
import { workedExampleBooking, workedExampleRequest } from './helpers';
import {
  buildBridgeBundle,
  serveBundle,
  type BuiltBundle,
  type BundleBridge,
} from './support/bundle';

let stack: LocalStack;
let bundle: BuiltBundle;
let bridge: BundleBridge;

/** What a deployment sets on the function (infra), pointed at the stack's services. */
function deployedEnv(s: LocalStack): Record<string, string> {
  const { config, endpoints } = s;
  const { accessKeyId, secretAccessKey } = localCredentials();
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_ENDPOINT_URL_CLOUDFRONT: endpoints.cloudfront,
    STATE_TABLE: config.stateTable,
    NONCE_TABLE: config.nonceTable,
    SCC_RESPONSES_TABLE: config.sccResponsesTable,
    CREW_INVITATIONS_TABLE: config.crewInvitationsTable ?? '',
    PAGES_BUCKET: config.pagesBucket,
    CLOUDFRONT_DISTRIBUTION_ID: config.distributionId,
    PUBLIC_BASE_URL: config.publicBaseUrl,
    CALENDAR_API_URL: config.calendarApiUrl,
    SCC_API_URL: config.sccApiUrl,
    SES_FROM_ADDRESS: config.sesFromAddress,
    SECRETS_SOURCE: 'env',
    BRIDGE_SIGNING_SECRETS: s.signingSecret,
    CALENDAR_TOKEN: config.secrets.calendarToken,
    SCC_SERVICE_KEY: config.secrets.sccServiceKey,
    CHECKLIST_SECRET: config.secrets.checklistSecret,
  };
}

beforeAll(async () => {
  bundle = buildBridgeBundle();
  stack = await startLocalStack();
  bridge = await serveBundle(bundle, deployedEnv(stack));
}, 90_000);

afterAll(async () => {
  await bridge?.stop();
  await stack?.stop();
  bundle?.remove();
});

function requestFor(id: string, providers?: BridgeRequest['providers']): BridgeRequest {
  const booking = workedExampleBooking({ id, start: '2030-05-30T09:00:00-07:00' });
  return {
    ...workedExampleRequest({ booking }),
    requestedAt: new Date().toISOString(),
    ...(providers ? { providers } : {}),
  };
}

async function send(request: BridgeRequest): Promise<BridgeResponse> {
  const res = await postSigned(bridge.url, stack.signingSecret, request);
  const body = (await res.json()) as BridgeResponse;
  expect({ status: res.status, ok: body.ok }).toEqual({ status: 200, ok: true });
  return body;
}

/** Every effect of one booking, counted where it landed (and every e-mail sent so far). */
async function effectsOf(id: string) {
  const slug = slugForBookingId(id);
  const mail = await stack.sesMessages();
  return {
    calendar: stack.calendarState().events.filter((e) => e.externalId === id).length,
    scc: stack.sccState().events.filter((e) => e.booking_ref === id).length,
    page: (await stack.getPageObject(`${slug}.html`))?.body.includes('<html') ?? false,
    invalidations: stack
      .cloudfrontState()
      .invalidations.filter((i) => i.paths.includes(`/g/${slug}`)).length,
    captainMail: mail.filter(
      (m) => m.destination.to.includes('owner@charter.example') && m.subject.includes(id),
    ).length,
    allMail: mail.length,
  };
}

describe('the shipped Lambda bundle against the local AWS emulators', () => {
  it('runs a new booking into every service (the operator’s calendar and SCC), and a repeat changes nothing', async () => {
    const request = requestFor('BUNDLE1');

    const first = await send(request);
    const after = await effectsOf('BUNDLE1');
    await send(request);

    expect(first.steps.every((s) => s.status === 'done' || s.status === 'skipped')).toBe(true);
    expect(after).toMatchObject({
      calendar: 1,
      scc: 1,
      page: true,
      invalidations: 1,
      captainMail: 1,
    });
    expect(await effectsOf('BUNDLE1')).toEqual(after);
  });

  it('writes a changed booking’s pages over the older revision’s (HeadObject, then If-Match)', async () => {
    await send(requestFor('BUNDLE3'));
    const moved = workedExampleBooking({ id: 'BUNDLE3', start: '2030-06-02T14:00:00-07:00' });
    const answer = await send({
      ...workedExampleRequest({ booking: moved, revision: 2 }),
      requestedAt: new Date().toISOString(),
    });

    const key = `${slugForBookingId('BUNDLE3')}.html`;
    const head = await stack.clients.s3.send(
      new HeadObjectCommand({ Bucket: stack.config.pagesBucket, Key: key }),
    );
    expect(head.Metadata).toEqual({ revision: '2' });
    expect(answer.steps.find((s) => s.step === 'guestPage')).toMatchObject({
      status: 'done',
      ids: { key, revision: '2', etag: head.ETag },
    });
    expect((await stack.getPageObject(key))?.body).toContain('Sunday, June 2, 2030');
  });

  it('sends the built-in crew invitations through its own DynamoDB table and SES', async () => {
    const request = requestFor('BUNDLE2', { calendar: 'dashboard', crew: 'builtin' });

    const answer = await send(request);

    const crew = answer.steps.find((s) => s.step === 'crewEvent');
    expect(crew?.status).toBe('done');
    const mail = await stack.sesMessages();
    const invited = mail
      .flatMap((m) => m.destination.to)
      .filter((to) => to.endsWith('@crew.example'));
    expect(invited.sort()).toEqual(['jo@crew.example', 'lee@crew.example', 'sam@crew.example']);
    expect(await effectsOf('BUNDLE2')).toMatchObject({
      calendar: 1,
      scc: 0,
      page: true,
      captainMail: 1,
    });
  });
});
