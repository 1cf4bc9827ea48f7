/**
 * Every output a crew member sees goes through the money filter: the SCC crew event, the crew
 * checklist, the calendar entry (crew may be its guests), the built-in invitations' page and
 * their four e-mails. Money in any form written into any free-text field of a booking (boat,
 * meeting point, guest name, crew names and roles, notes) leaves no digit behind: each output's
 * digits are exactly those of the same booking written without the money.
 */
import fc from 'fast-check';
import type { BridgeRequest } from '../../shared/bridge-contract';
import { calendarEntry } from '../../shared/calendar-entry';
import { renderCrewChecklist } from '../../shared/crew-checklist';
import { sccEventBody } from '../../shared/crew-facing';
import {
  crewPageDetails,
  renderMail,
  type MailKind,
} from '../../lambda-bridge/src/crew-invitations/render';
import { workedExampleRequest } from '../../local/worked-example';
import { lastMemberPage, lastMemberRow, requestWithTexts } from './crew-facing-request';
import { digitsOf, moneyPhrase, plainText, spelledMoney } from './money-forms';

const CHECKLIST_URL = 'https://charters.example/crew/queen-x9.html';
const LINK = 'https://bridge.example/crew/token';

/** A field written with money in it, and the same field without. */
interface Field {
  withMoney: string;
  without: string;
}
type Generated = Record<
  'boat' | 'pickup' | 'guest' | 'captainName' | 'member' | 'role' | 'notes',
  Field
>;

const field: fc.Arbitrary<Field> = fc
  .tuple(plainText, fc.option(fc.oneof(moneyPhrase, spelledMoney), { nil: null }), plainText)
  .map(([a, money, b]) => ({
    withMoney: [a, money, b].filter(Boolean).join(' '),
    without: [a, b].filter(Boolean).join(' '),
  }));

const notesField: fc.Arbitrary<Field> = fc
  .array(fc.tuple(field, fc.constantFrom('. ', '\n', '; ')), { maxLength: 4 })
  .map((parts) => ({
    withMoney: parts.map(([f, sep]) => `${f.withMoney}${sep}`).join(''),
    without: parts.map(([f, sep]) => `${f.without}${sep}`).join(''),
  }));

const booking: fc.Arbitrary<Generated> = fc.record({
  boat: field,
  pickup: field,
  guest: field,
  captainName: field,
  member: field,
  role: field,
  notes: notesField,
});

function request(g: Generated, which: keyof Field): BridgeRequest {
  return requestWithTexts({
    boat: `Queen ${g.boat[which]}`,
    pickupLocation: g.pickup[which],
    guestName: `Alicia ${g.guest[which]}`,
    notes: `Birthday party at 16:00, party of 6. ${g.notes[which]}`,
    captainName: `Dana ${g.captainName[which]}`,
    member: { name: `Kai ${g.member[which]}`, role: `deckhand ${g.role[which]}` },
  });
}

/** Each crew-facing output of a request, by name. */
const OUTPUTS: Record<string, (req: BridgeRequest) => string> = {
  'SCC crew event': (req) => {
    const body = sccEventBody(req, CHECKLIST_URL);
    // each member's own rate and hours are their pay, which they may see; not from free text
    return JSON.stringify({ ...body, crew: body.crew.map(({ rate: _r, hours: _h, ...m }) => m) });
  },
  'crew checklist': (req) => renderCrewChecklist({ ...req, cancelled: false }),
  'calendar entry': (req) =>
    JSON.stringify(
      calendarEntry(req, { guestPage: 'https://g.example/x', checklist: CHECKLIST_URL }),
    ),
  'built-in crew page': (req) =>
    lastMemberPage(req, { checklistUrl: CHECKLIST_URL, action: LINK, open: true }),
  ...Object.fromEntries(
    (['invite', 'change', 'cancel', 'removal'] as MailKind[]).map((kind) => [
      `${kind} e-mail`,
      (req: BridgeRequest) => {
        const mail = renderMail(
          kind,
          lastMemberRow(req),
          crewPageDetails(req, CHECKLIST_URL, req.captain.name),
          LINK,
        );
        return [mail.subject, mail.text, mail.html].join('\n');
      },
    ]),
  ),
};

describe('every crew-facing output goes through the money filter (property)', () => {
  it.each(Object.keys(OUTPUTS))('%s: no money figure from any free-text field', (name) => {
    const render = OUTPUTS[name]!;
    fc.assert(
      fc.property(booking, (g) => {
        // Act
        const withMoney = render(request(g, 'withMoney'));
        const without = render(request(g, 'without'));

        // Assess
        expect(digitsOf(withMoney)).toBe(digitsOf(without));
        expect(withMoney).not.toMatch(/\p{Sc}/u);
        expect(withMoney).not.toMatch(/\b(bucks|dollars|euros|quid)\b/i);
      }),
      { numRuns: 60 },
    );
  });

  it.each(Object.keys(OUTPUTS))('%s: the worked example shows none of its money', (name) => {
    const out = OUTPUTS[name]!(workedExampleRequest());
    // gross 960.86, owner earnings 840.75, fee 151.34, net 289.41 (the notes name two of them)
    expect(out).not.toMatch(/960|840|151|289|\$/);
    expect(out).toContain('Queen of San Diego');
  });
});
