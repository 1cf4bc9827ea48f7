import { STEP_NAMES, type StepName } from '../../../shared/bridge-contract';
import { stepAlerts } from '../../../gas/kanban/alerts';
import { STEP_CELL, STEP_STATE_OF_CELL, stepStateOf } from '../../../gas/core/records';

const NOW = Date.parse('2026-11-21T22:02:00Z'); // 14:02 in San Diego
const clock = {
  now: () => NOW,
  localIso: (ms: number) => new Date(ms - 8 * 3600_000).toISOString().replace('Z', '-08:00'),
};

function cells(overrides: Partial<Record<StepName, string>>): Record<StepName, string> {
  const all = {} as Record<StepName, string>;
  for (const step of STEP_NAMES) all[step] = overrides[step] ?? STEP_CELL.done;
  return all;
}

describe('Module: step cells and alerts', () => {
  describe('Function: stepStateOf', () => {
    it('knows every word the pipeline writes and nothing else', () => {
      // Assess: every STEP_CELL word has a state; other words are unreadable, not guessed.
      for (const word of Object.values(STEP_CELL)) {
        expect(stepStateOf(word)).toBe(STEP_STATE_OF_CELL[word]);
      }
      expect(stepStateOf('failed (permanent)')).toBe('failed');
      expect(stepStateOf('')).toBe('not-run');
      expect(stepStateOf('ok')).toBe('unreadable');
      expect(stepStateOf('published')).toBe('unreadable');
      expect(stepStateOf('error: 503')).toBe('unreadable');
    });
  });

  describe('Function: stepAlerts', () => {
    it('says what failed, that it retries by itself and when, in amber', () => {
      // Act
      const alerts = stepAlerts(
        {
          cells: cells({ calendar: STEP_CELL.failed }),
          lastError: 'calendar: calendar service GET /api/calendar/events: HTTP 503',
          lastRun: '2026-11-21T14:00:00-08:00',
        },
        clock,
      );

      // Assess
      expect(alerts).toEqual([
        {
          step: 'calendar',
          severity: 'amber',
          message: "Calendar didn't answer; retrying at 14:05",
        },
      ]);
    });

    it('counts the next try from the trigger rhythm when the last run is long ago', () => {
      const [alert] = stepAlerts(
        {
          cells: cells({ guestPage: STEP_CELL.failed }),
          lastError: 'guestPage: S3 PutObject timed out',
          lastRun: '2026-11-21T13:31:00-08:00',
        },
        clock,
      );
      expect(alert?.message).toBe("Guest page didn't answer; retrying at 14:06");
    });

    it('is red and asks for the captain when a failure is permanent or the bridge refused', () => {
      const alerts = stepAlerts(
        {
          cells: cells({ crewEvent: STEP_CELL.failedPermanent, captainEmail: STEP_CELL.rejected }),
          lastError: 'crewEvent: SCC answered 403 forbidden',
          lastRun: '2026-11-21T14:00:00-08:00',
        },
        clock,
      );
      expect(alerts.map((a) => a.severity)).toEqual(['red', 'red']);
      expect(alerts[0]?.message).toBe(
        'Crew event refused the booking; it will not be retried by itself: fix the cause, then press Retry',
      );
      expect(alerts[1]?.message).toMatch(/^The bridge refused the booking .*press Retry$/);
    });

    it("says which try comes next and when, from the row's schedule", () => {
      const [alert] = stepAlerts(
        {
          cells: cells({ crewEvent: STEP_CELL.failed }),
          lastError: 'crewEvent: SCC answered 503',
          lastRun: '2026-11-21T14:00:00-08:00',
          tries: 2,
          nextTry: '2026-11-21T14:20:00-08:00',
        },
        clock,
      );
      expect(alert).toEqual({
        step: 'crewEvent',
        severity: 'amber',
        message: "Crew event didn't answer; retrying at 14:20 (try 3 of 7)",
      });
    });

    it('says a bridge outage once for the whole booking, not once per step', () => {
      const alerts = stepAlerts(
        {
          cells: cells(Object.fromEntries(STEP_NAMES.map((s) => [s, STEP_CELL.pending]))),
          lastError: 'bridge unreachable (connection refused); will retry',
          lastRun: '2026-11-21T14:00:00-08:00',
          tries: 1,
          nextTry: '2026-11-21T14:05:00-08:00',
        },
        clock,
      );
      expect(alerts).toEqual([
        {
          step: 'calendar',
          severity: 'amber',
          message: "Not published yet: the bridge didn't answer; retrying at 14:05 (try 2 of 7)",
        },
      ]);
    });

    it('is red with a one-click Retry when every try failed (gave up)', () => {
      const alerts = stepAlerts(
        {
          cells: cells(Object.fromEntries(STEP_NAMES.map((s) => [s, STEP_CELL.gaveUp]))),
          lastError: 'bridge error 503; will retry',
          lastRun: '2026-11-21T14:00:00-08:00',
          tries: 7,
          nextTry: '',
        },
        clock,
      );
      expect(alerts).toEqual([
        {
          step: 'calendar',
          severity: 'red',
          offerRetry: true,
          message:
            "Not published: the bridge didn't answer; gave up after 7 tries over about 22.4 h. Press Retry to try again now",
        },
      ]);
    });

    it('shows the captain e-mail in doubt as a doubt, not as done or failed', () => {
      const alerts = stepAlerts(
        {
          cells: cells({ captainEmail: STEP_CELL.doubt }),
          lastError: '',
          lastRun: '2026-11-21T14:00:00-08:00',
        },
        clock,
      );
      expect(alerts).toEqual([
        {
          step: 'captainEmail',
          severity: 'doubt',
          message: expect.stringMatching(/never sent twice/),
        },
      ]);
      expect(stepStateOf(STEP_CELL.doubt)).toBe('doubt');
    });

    it('shows crew e-mails in doubt (built-in invitations) as a crew doubt, not the captain one', () => {
      const alerts = stepAlerts(
        {
          cells: cells({ crewEvent: STEP_CELL.doubt }),
          lastError: '',
          lastRun: '2026-11-21T14:00:00-08:00',
        },
        clock,
      );
      expect(alerts).toEqual([
        {
          step: 'crewEvent',
          severity: 'doubt',
          message: expect.stringMatching(/^Crew e-mail uncertain: .*never sent twice/),
        },
      ]);
    });

    it('has nothing to say about done, skipped or pending steps', () => {
      const alerts = stepAlerts(
        {
          cells: cells({ calendar: STEP_CELL.pending, checklist: STEP_CELL.notApplicable }),
          lastError: '',
          lastRun: '',
        },
        clock,
      );
      expect(alerts).toEqual([]);
    });
  });
});
