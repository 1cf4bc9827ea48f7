/** Settings and Crew tabs: what the captain types, and the message when it cannot be read. */
import { parseCrew, parseCrewRule, parseSettings, pickCrew } from '../../../gas/core/settings';

const HEADER = ['Setting', 'Value', 'Notes'];

describe('Function: parseSettings', () => {
  it('reads an empty Settings tab as the defaults of the worked example (minus the crew rules)', () => {
    const settings = parseSettings([HEADER]);
    expect(settings).toMatchObject({
      finance: { portFeeBasisPoints: 0, revenueBasis: 'ownerEarnings', crewRules: [] },
      lanes: ['New Bookings', 'Crew Confirmed', 'Ready', 'Completed', 'Paid', 'Cancelled'],
      timeZone: 'America/Los_Angeles',
      timeBudgetMs: 270_000,
      batchSize: 50,
      since: '',
      forwarders: [],
    });
  });

  it('reads numbers as Sheets returns them, percentages with decimals, and the bridge URL from a property', () => {
    const settings = parseSettings(
      [
        HEADER,
        ['finance.portFeePercent', 12.5, ''],
        ['finance.revenueBasis', 'BoatPrice', ''],
        ['bridge.url', '', ''],
      ],
      { bridgeUrl: 'https://abc.lambda-url.us-west-2.on.aws/' },
    );
    expect(settings.finance).toMatchObject({ portFeeBasisPoints: 1250, revenueBasis: 'boatPrice' });
    expect(settings.bridgeUrl).toBe('https://abc.lambda-url.us-west-2.on.aws');
  });

  it.each([
    ['finance.portFeePercent', 'eighteen', /expected a percentage/],
    ['finance.revenueBasis', 'gross', /expected one of ownerEarnings, boatPrice/],
    ['captain.email', 'captain at example', /expected an e-mail address/],
    ['bridge.url', 'ftp://x', /expected a URL/],
    ['inbox.batchSize', '0', /whole number from 1 to 200/],
    ['inbox.since', 'yesterday', /expected a date/],
    ['lanes', 'A, B, A', /lane names must be different/],
    ['inbox.forwarders', 'mike@x.com, bob', /"bob" is not an e-mail address/],
  ])('names the setting %s when its value "%s" cannot be read', (key, value, message) => {
    expect(() => parseSettings([HEADER, [key, value, '']])).toThrow(
      `Setting "${key}" = "${value}" is not valid`,
    );
    expect(() => parseSettings([HEADER, [key, value, '']])).toThrow(message);
  });
});

describe('Function: parseCrewRule', () => {
  it.each([
    [
      'count=2; rate=25; hours=charter+2',
      { count: 2, rateCents: 2500, hours: { kind: 'charter', plusMinutes: 120 } },
    ],
    [
      'count=1; rate=$27.50; hours=charter',
      { count: 1, rateCents: 2750, hours: { kind: 'charter', plusMinutes: 0 } },
    ],
    [
      'count=1;rate=40;hours=charter-0.5',
      { count: 1, rateCents: 4000, hours: { kind: 'charter', plusMinutes: -30 } },
    ],
    [
      'count=3; rate=20; hours=4',
      { count: 3, rateCents: 2000, hours: { kind: 'fixed', minutes: 240 } },
    ],
  ])('reads "%s"', (value, expected) => {
    expect(parseCrewRule('crew.x', 'x', value)).toEqual({ role: 'x', ...expected });
  });

  it.each([
    ['count=2; rate=25', /hours must be/],
    ['count=2; rate=abc; hours=charter', /rate must be dollars per hour/],
    ['two deckhands', /expected "count=2; rate=25; hours=charter\+2"/],
  ])('rejects "%s" with a message that shows the way', (value, message) => {
    expect(() => parseCrewRule('crew.deckhand', 'deckhand', value)).toThrow(message);
  });
});

describe('Function: pickCrew', () => {
  const crew = parseCrew([
    ['Name', 'Role', 'E-mail', 'Hourly rate', 'Active'],
    ['Ann', 'Deckhand', 'ann@example.com', 25, false],
    ['Ben', 'deckhand', 'ben@example.com', '$26', 'yes'],
    ['', 'deckhand', 'nobody@example.com', 25, true],
    ['Cat', 'deckhand', 'not-an-email', 25, true],
    ['Dan', 'deckhand', 'dan@example.com', '', 'x'],
    ['Eve', 'captain', 'eve@example.com', 50, true],
  ]);

  it('invites the first `count` active members of each role, in Crew-tab order', () => {
    const { members, shortfalls } = pickCrew(
      [
        { role: 'deckhand', count: 2 },
        { role: 'captain', count: 1 },
      ],
      crew,
    );
    expect(members.map((m) => m.name)).toEqual(['Ben', 'Dan', 'Eve']);
    expect(shortfalls).toEqual([]);
    expect(crew.find((m) => m.name === 'Ben')?.hourlyRateCents).toBe(2600);
  });

  it('reports a shortfall instead of inventing crew', () => {
    const { members, shortfalls } = pickCrew([{ role: 'deckhand', count: 3 }], crew);
    expect(members).toHaveLength(2);
    expect(shortfalls).toEqual(['3 deckhand needed, 2 active in the Crew tab']);
  });
});
