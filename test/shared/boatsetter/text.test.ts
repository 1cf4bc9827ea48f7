import fc from 'fast-check';
import { htmlToText } from '../../../shared/boatsetter/html-to-text';
import {
  cleanBodyText,
  decodeEncodedWords,
  decodeEntities,
  decodeQuotedPrintableLeftovers,
  decodeUtf8,
  normalizeSpaces,
  repairMojibake,
} from '../../../shared/boatsetter/text';
import { readDate, readDurationMinutes, readTimeRange } from '../../../shared/boatsetter/datetime';

describe('Module: shared/boatsetter/text', () => {
  describe('Function: decodeEntities', () => {
    it('decodes named, decimal and hex references exactly once', () => {
      expect(
        decodeEntities('Tyler &lt;script&gt; &amp;lt;b&amp;gt; &#39;x&#x27; Fuel &amp; cleaning'),
      ).toBe("Tyler <script> &lt;b&gt; 'x' Fuel & cleaning");
      expect(decodeEntities('Se&ntilde;orita&nbsp;Azul &mdash; Ren&eacute;e &#150;')).toBe(
        'Señorita\u00a0Azul — Renée –',
      );
    });

    it('keeps unknown names and replaces invalid code points', () => {
      expect(decodeEntities('&bogus; AT&T &#0; &#xD800;')).toBe('&bogus; AT&T \ufffd \ufffd');
    });
  });

  describe('Function: repairMojibake', () => {
    it('repairs UTF-8 read as Latin-1 / Windows-1252 and leaves correct text alone', () => {
      expect(repairMojibake('RenÃ©e Â\u00a0 â€“ SeÃ±orita')).toBe('Renée \u00a0 – Señorita');
      expect(repairMojibake('Renée Señorita Ångström')).toBe('Renée Señorita Ångström');
    });

    it('undoes a Latin-1 mis-decoding of any text (property: UTF-8 bytes read as Latin-1, then repaired)', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
          const mojibake = Array.from(Buffer.from(s, 'utf8'))
            .map((b) => String.fromCharCode(b))
            .join('');
          expect(repairMojibake(mojibake)).toBe(s);
        }),
      );
    });
  });

  describe('Function: decodeQuotedPrintableLeftovers', () => {
    it('decodes soft breaks, =20, =3D and UTF-8 sequences but keeps URL parameters', () => {
      expect(
        decodeQuotedPrintableLeftovers("Ren=C3=A9e=20O'Connor lo=\nng a=3Db ?id=4917736"),
      ).toBe("Renée O'Connor long a=b ?id=4917736");
    });

    it('does nothing to text without quoted-printable signs', () => {
      expect(decodeQuotedPrintableLeftovers('upn=c2VlZA&t=XHQGMDH=\n')).toBe(
        'upn=c2VlZA&t=XHQGMDH=\n',
      );
    });
  });

  describe('Function: normalizeSpaces / cleanBodyText', () => {
    it('turns NBSP and other spaces into spaces, a tab into two (a column gap), and removes invisible characters', () => {
      expect(normalizeSpaces('A\u00a0B\u202fC\u200bD\ufeffE\u00adF\r\nG\tH')).toBe(
        'A B CDEF\nG  H',
      );
      expect(
        cleanBodyText('Booking\u200b ID:\u00a0XHQ\u200dGMDH &amp; Ã©', { decodeEntities: true }),
      ).toBe('Booking ID: XHQGMDH & é');
    });
  });

  describe('Function: decodeEncodedWords / decodeUtf8', () => {
    it('decodes RFC 2047 Q and B words', () => {
      expect(
        decodeEncodedWords('Booking approved =?UTF-8?Q?=E2=80=93?= =?utf-8?B?U2XDsW9yaXRh?= Azul'),
      ).toBe('Booking approved –Señorita Azul');
    });

    it('rejects invalid UTF-8', () => {
      expect(decodeUtf8([0xc3, 0xa9])).toBe('é');
      expect(decodeUtf8([0xc3])).toBeNull();
      expect(decodeUtf8([0xc0, 0x80])).toBeNull();
    });
  });
});

describe('Function: htmlToText', () => {
  it('turns two-cell rows into "label: value", three-cell rows into pipes, and <br> into newlines', () => {
    // Prepare
    const html = `<html><head><title>t</title><style>p{}</style></head><body>
      <p>Hello&nbsp;<b>Mike</b>,<br>line two</p>
      <table><tr><td>Booking ID</td><td>XHQGMDH</td></tr>
      <tr><td>Pick-up</td><td>Dock A,<br>San Diego</td></tr>
      <tr><th></th><th>Previous</th><th>New</th></tr>
      <tr><td>Date</td><td>Sat</td><td>Sun</td></tr></table>
      <script>alert(1)</script><!-- Booking ID: HIDDEN --></body></html>`;
    // Act
    const text = htmlToText(html);
    // Assess
    expect(text).toBe(
      'Hello\u00a0Mike,\nline two\n\nBooking ID: XHQGMDH\nPick-up: Dock A, San Diego\n| | Previous | New |\n| Date | Sat | Sun |',
    );
  });

  it('flattens nested layout tables and keeps entity-encoded markup as text', () => {
    const html =
      '<table><tr><td><table><tr><td>Renter</td><td>Tyler &lt;script&gt; Brooks</td></tr></table></td></tr></table>';
    expect(htmlToText(html)).toBe('Renter: Tyler <script> Brooks');
  });

  it('survives unclosed and malformed markup', () => {
    expect(htmlToText('<table><tr><td>A<td>B<tr><td>C')).toBe('A: B\nC');
    expect(htmlToText('a < b and <unclosed')).toBe('a < b and <unclosed');
  });

  it('runs in linear time on hostile input', () => {
    const hostile = [
      '<table>'.repeat(20_000),
      '<td>'.repeat(50_000),
      '<script>'.repeat(20_000),
      '<a '.repeat(50_000),
    ];
    // Tens of milliseconds each when linear; a quadratic scan of 50,000 repeats takes minutes. The
    // bound is that gap, not a speed target (those are in bench/): a loaded 2-core machine, where
    // a test gets a fraction of a core, must not fail it.
    for (const html of hostile) {
      const t0 = Date.now();
      htmlToText(html);
      expect(Date.now() - t0).toBeLessThan(10_000);
    }
  });
});

describe('Module: shared/boatsetter/datetime', () => {
  it('reads dates in the usual US formats', () => {
    const zone = 'America/Los_Angeles';
    expect(readDate('Thursday, May 30, 2024', null, zone)).toMatchObject({
      ok: true,
      date: { year: 2024, month: 5, day: 30 },
    });
    expect(readDate('30 May 2024', null, zone)).toMatchObject({
      ok: true,
      date: { year: 2024, month: 5, day: 30 },
    });
    expect(readDate('2024-05-30', null, zone)).toMatchObject({
      ok: true,
      date: { year: 2024, month: 5, day: 30 },
    });
    expect(readDate('05/30/2024', null, zone)).toMatchObject({
      ok: true,
      date: { year: 2024, month: 5, day: 30 },
    });
    expect(readDate('Sat, Aug 23', null, zone)).toEqual({
      ok: false,
      error: 'trip date "Sat, Aug 23" has no year',
    });
    expect(readDate('February 30, 2025', null, zone)).toMatchObject({ ok: false });
    expect(readDate('soon', null, zone)).toBeNull();
  });

  it('reads time ranges, inheriting am/pm only when it keeps the start before the end', () => {
    expect(readTimeRange('10:30 – 2:30 pm')).toMatchObject({
      start: { hour: 10, minute: 30 },
      end: { hour: 14 },
    });
    expect(readTimeRange('6:30 – 9:30 pm')).toMatchObject({
      start: { hour: 18 },
      end: { hour: 21 },
    });
    expect(readTimeRange('12 guests, Slip 14')).toBeNull();
    expect(readTimeRange('noon to 3pm')).toMatchObject({
      start: { hour: 12, minute: 0 },
      end: { hour: 15 },
    });
  });

  it('reads durations and nothing from text without one', () => {
    expect(readDurationMinutes('Full day (8 hrs)')).toBe(480);
    expect(readDurationMinutes('2 hours and 15 minutes')).toBe(135);
    expect(readDurationMinutes('Slip 14h')).toBe(840); // a number directly before "h" is hours
    expect(readDurationMinutes('Full day')).toBeNull();
  });
});
