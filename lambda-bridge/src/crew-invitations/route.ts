/**
 * The crew's magic-link page, served by the bridge's own URL (no signature: the token is the
 * key). `GET /crew/{token}` shows the charter and the member's answer; `POST /crew/{token}` with
 * `answer=confirm|decline&v={version}` records it and redirects back (so a reload never posts
 * again). A bad, expired, replaced or replayed link gets a clear page and writes nothing; a member
 * may change their mind until departure, at most RATE_LIMIT answers per RATE_WINDOW_S.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { renderInvitationPage, renderProblemPage } from './render';
import type { InvitationStore } from './store';
import { verifyToken } from './token';

export const CREW_ROUTE = /^((?:\/[A-Za-z0-9._-]+)*)\/crew\/([A-Za-z0-9_.-]{1,1024})\/?$/;
export const RATE_LIMIT = 5;
export const RATE_WINDOW_S = 10 * 60;

export interface CrewRouteDeps {
  store: InvitationStore | null;
  key: Buffer;
  now: () => number;
  /** Seconds answers stay open past departure (0 on AWS; the sandbox's past samples use more). */
  graceSeconds: number;
}

const SECURITY_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};

function html(statusCode: number, body: string): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: SECURITY_HEADERS, body };
}

const problem = (status: number, title: string, message: string) =>
  html(status, renderProblemPage(title, message));

function formOf(event: APIGatewayProxyEventV2): URLSearchParams {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return new URLSearchParams(text.length > 2000 ? '' : text);
}

const NOTICES: Record<string, string> = {
  confirmed: 'Thank you: your answer is recorded. You are coming.',
  declined: 'Thank you: your answer is recorded. The captain is told you cannot come.',
};

export async function handleCrewRoute(
  event: APIGatewayProxyEventV2,
  match: RegExpExecArray,
  deps: CrewRouteDeps,
): Promise<APIGatewayProxyStructuredResultV2> {
  const method = (event.requestContext?.http?.method ?? '').toUpperCase();
  if (method !== 'GET' && method !== 'POST')
    return {
      ...problem(405, 'Not allowed', 'Open the link from your e-mail.'),
      headers: { ...SECURITY_HEADERS, allow: 'GET, POST' },
    };
  if (!deps.store)
    return problem(404, 'Link not found', 'This bridge does not send crew invitations.');
  const token = match[2] ?? '';
  const action = `${match[1] ?? ''}/crew/${token}`;
  const nowMs = deps.now();
  const nowS = Math.floor(nowMs / 1000);
  const check = verifyToken(deps.key, token, nowS);
  if (!check.ok)
    return check.reason === 'expired'
      ? problem(410, 'This link has expired', 'The charter this invitation was for is over.')
      : problem(
          404,
          'This link is not valid',
          'The link is incomplete or was changed. Open it again from your e-mail, exactly as it was sent.',
        );
  const { eventId, email, invitationId } = check.claims;
  const { event: charter, row } = await deps.store.member(eventId, email);
  if (!charter || !row)
    return problem(410, 'Invitation not found', 'This invitation no longer exists.');
  if (row.invitationId !== invitationId || row.status === 'removed')
    return problem(
      410,
      'This link is no longer valid',
      row.status === 'removed'
        ? 'You are no longer on the crew for this charter.'
        : 'A newer invitation replaced this one: use the link in your latest e-mail.',
    );
  if (charter.cancelled)
    return problem(
      410,
      'Charter cancelled',
      `${charter.details.title} on ${charter.details.date} is cancelled. You do not need to come.`,
    );
  const open = nowS < charter.departureAt + deps.graceSeconds;

  if (method === 'GET') {
    const answered = new URLSearchParams(event.rawQueryString ?? '').get('answered');
    const notice = answered && row.status !== 'pending' ? NOTICES[row.status] : undefined;
    return html(
      200,
      renderInvitationPage({ event: charter, row, action, open, ...(notice ? { notice } : {}) }),
    );
  }

  const form = formOf(event);
  const answer = form.get('answer');
  const version = Number(form.get('v'));
  if ((answer !== 'confirm' && answer !== 'decline') || !Number.isInteger(version))
    return problem(
      400,
      'Answer not understood',
      'Use the Confirm or Decline button on your invitation page.',
    );
  const again = (status: number, notice: string) =>
    html(status, renderInvitationPage({ event: charter, row, action, open, notice }));
  if (!open) return again(409, 'This charter has departed: answers are closed.');
  if (version !== row.version)
    return again(
      409,
      'That answer was already sent from an older copy of this page; nothing changed. Your current answer is below.',
    );
  const recent = row.answerTimes.filter((t) => t > nowS - RATE_WINDOW_S);
  if (recent.length >= RATE_LIMIT)
    return again(429, 'Too many answers in a short time. Wait a few minutes and try again.');
  const status = answer === 'confirm' ? 'confirmed' : 'declined';
  if (status === row.status) return again(200, NOTICES[status] ?? '');
  const written = await deps.store.recordAnswer(
    {
      ...row,
      status,
      respondedAt: new Date(nowMs).toISOString(),
      version: row.version + 1,
      answerTimes: [...recent, nowS],
    },
    row.version,
  );
  if (!written)
    return again(
      409,
      'Your answer changed meanwhile (another tab or device); nothing was overwritten. Reload to see it.',
    );
  return {
    statusCode: 303,
    headers: { ...SECURITY_HEADERS, location: `${action}?answered=1` },
    body: '',
  };
}
