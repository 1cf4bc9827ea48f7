/**
 * Text clean-up for mail bodies, pure and linear-time: quoted-printable leftovers, mojibake
 * (UTF-8 read as Latin-1/Windows-1252), HTML entities, odd spaces and invisible characters.
 */

/** Decodes UTF-8 bytes; returns null when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: readonly number[]): string | null {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i] as number;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i += 1;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else return null;
    for (let k = 1; k <= need; k += 1) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80,
  0x201a: 0x82,
  0x0192: 0x83,
  0x201e: 0x84,
  0x2026: 0x85,
  0x2020: 0x86,
  0x2021: 0x87,
  0x02c6: 0x88,
  0x2030: 0x89,
  0x0160: 0x8a,
  0x2039: 0x8b,
  0x0152: 0x8c,
  0x017d: 0x8e,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2022: 0x95,
  0x2013: 0x96,
  0x2014: 0x97,
  0x02dc: 0x98,
  0x2122: 0x99,
  0x0161: 0x9a,
  0x203a: 0x9b,
  0x0153: 0x9c,
  0x017e: 0x9e,
  0x0178: 0x9f,
};

/** The byte a character stands for when UTF-8 was wrongly read as Latin-1 or Windows-1252. */
function mojibakeByte(code: number): number | null {
  if (code >= 0x80 && code <= 0xff) return code;
  return CP1252_HIGH[code] ?? null;
}

/**
 * Repairs UTF-8 that was decoded as Latin-1/Windows-1252 ("RenÃ©e" -> "Renée", "Â\u00a0" -> NBSP,
 * "â€“" -> "–"). Only complete, valid multi-byte sequences are replaced, so ordinary accented text
 * ("Renée") is left alone.
 */
export function repairMojibake(text: string): string {
  // Fast path: every mojibake sequence starts with a character in U+00C2..U+00F4.
  if (!/[\u00c2-\u00f4]/.test(text)) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code >= 0xc2 && code <= 0xf4) {
      const need = code <= 0xdf ? 1 : code <= 0xef ? 2 : 3;
      const bytes = [code];
      let ok = true;
      for (let k = 1; k <= need; k += 1) {
        const b = i + k < text.length ? mojibakeByte(text.charCodeAt(i + k)) : null;
        if (b === null || (b & 0xc0) !== 0x80) {
          ok = false;
          break;
        }
        bytes.push(b);
      }
      const decoded = ok ? decodeUtf8(bytes) : null;
      if (decoded !== null) {
        out += decoded;
        i += need + 1;
        continue;
      }
    }
    out += text[i];
    i += 1;
  }
  return out;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/**
 * Heuristic: does this (already decoded) body still contain quoted-printable encoding? Signals:
 * "=20", "=09", "=3D", or an encoded UTF-8 multi-byte sequence such as "=C3=A9".
 */
export function looksQuotedPrintable(text: string): boolean {
  return /=(?:20|09|3D)|=[C-F][0-9A-F]=[89AB][0-9A-F]/.test(text);
}

/**
 * Decodes quoted-printable *leftovers* conservatively: soft line breaks ("=" at the end of a line),
 * "=20"/"=09"/"=3D", and "=XX" runs that form valid UTF-8 multi-byte characters. Other "=XX" are
 * kept, because plain text often holds URLs like "?id=4917736".
 */
export function decodeQuotedPrintableLeftovers(text: string): string {
  if (!looksQuotedPrintable(text)) return text;
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (ch !== '=') {
      out += ch;
      i += 1;
      continue;
    }
    // soft line break
    if (text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    // run of =XX bytes
    const bytes: number[] = [];
    let j = i;
    while (j + 2 < n && text[j] === '=') {
      const hi = hexValue(text.charCodeAt(j + 1));
      const lo = hexValue(text.charCodeAt(j + 2));
      if (hi < 0 || lo < 0) break;
      bytes.push(hi * 16 + lo);
      j += 3;
    }
    if (bytes.length === 0) {
      out += ch;
      i += 1;
      continue;
    }
    // decode the run byte by byte: whitespace, '=', and valid UTF-8 sequences
    let k = 0;
    while (k < bytes.length) {
      const b = bytes[k] as number;
      if (b === 0x20 || b === 0x09 || b === 0x3d) {
        out += String.fromCharCode(b);
        k += 1;
        continue;
      }
      if (b >= 0xc2 && b <= 0xf4) {
        const need = b <= 0xdf ? 1 : b <= 0xef ? 2 : 3;
        const decoded = decodeUtf8(bytes.slice(k, k + need + 1));
        if (decoded !== null && k + need < bytes.length) {
          out += decoded;
          k += need + 1;
          continue;
        }
      }
      // keep as written
      out += text.slice(i + k * 3, i + k * 3 + 3);
      k += 1;
    }
    i = j;
  }
  return out;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  zwsp: '\u200b',
  zwnj: '\u200c',
  zwj: '\u200d',
  shy: '\u00ad',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  lsquo: '\u2018',
  rsquo: '\u2019',
  sbquo: '\u201a',
  ldquo: '\u201c',
  rdquo: '\u201d',
  bdquo: '\u201e',
  bull: '\u2022',
  middot: '\u00b7',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  euro: '\u20ac',
  dollar: '$',
  cent: '\u00a2',
  pound: '\u00a3',
  deg: '\u00b0',
  frac12: '\u00bd',
  frac14: '\u00bc',
  frac34: '\u00be',
  times: '\u00d7',
  minus: '\u2212',
  larr: '\u2190',
  rarr: '\u2192',
  laquo: '\u00ab',
  raquo: '\u00bb',
  iexcl: '\u00a1',
  iquest: '\u00bf',
  sect: '\u00a7',
  para: '\u00b6',
  num: '#',
  colon: ':',
  comma: ',',
  period: '.',
  lpar: '(',
  rpar: ')',
  sol: '/',
  percnt: '%',
  szlig: '\u00df',
};

// Latin-1 letters: &Agrave; ... &yuml;
const LATIN1_LETTERS: Array<[string, number]> = [
  ['Agrave', 0xc0],
  ['Aacute', 0xc1],
  ['Acirc', 0xc2],
  ['Atilde', 0xc3],
  ['Auml', 0xc4],
  ['Aring', 0xc5],
  ['AElig', 0xc6],
  ['Ccedil', 0xc7],
  ['Egrave', 0xc8],
  ['Eacute', 0xc9],
  ['Ecirc', 0xca],
  ['Euml', 0xcb],
  ['Igrave', 0xcc],
  ['Iacute', 0xcd],
  ['Icirc', 0xce],
  ['Iuml', 0xcf],
  ['ETH', 0xd0],
  ['Ntilde', 0xd1],
  ['Ograve', 0xd2],
  ['Oacute', 0xd3],
  ['Ocirc', 0xd4],
  ['Otilde', 0xd5],
  ['Ouml', 0xd6],
  ['Oslash', 0xd8],
  ['Ugrave', 0xd9],
  ['Uacute', 0xda],
  ['Ucirc', 0xdb],
  ['Uuml', 0xdc],
  ['Yacute', 0xdd],
  ['THORN', 0xde],
];
for (const [name, code] of LATIN1_LETTERS) {
  NAMED_ENTITIES[name] = String.fromCharCode(code);
  if (name !== 'ETH' && name !== 'THORN' && name !== 'AElig') {
    NAMED_ENTITIES[name[0]!.toLowerCase() + name.slice(1)] = String.fromCharCode(code + 0x20);
  }
}
NAMED_ENTITIES.eth = '\u00f0';
NAMED_ENTITIES.thorn = '\u00fe';
NAMED_ENTITIES.aelig = '\u00e6';
NAMED_ENTITIES.yuml = '\u00ff';

/**
 * Decodes HTML character references exactly once ("&amp;lt;" -> "&lt;"). Unknown names are kept
 * as written. Numeric references outside Unicode, or to NUL/surrogates, become U+FFFD.
 */
export function decodeEntities(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(
    /&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?/g,
    (whole, body: string) => {
      if (body[0] === '#') {
        const code =
          body[1] === 'x' || body[1] === 'X'
            ? parseInt(body.slice(2), 16)
            : parseInt(body.slice(1), 10);
        if (
          !Number.isFinite(code) ||
          code <= 0 ||
          code > 0x10ffff ||
          (code >= 0xd800 && code <= 0xdfff)
        ) {
          return '\ufffd';
        }
        // Windows-1252 code points that HTML maps (e.g. &#150; is an en dash)
        if (code >= 0x80 && code <= 0x9f) {
          for (const [cp, byte] of Object.entries(CP1252_HIGH)) {
            if (byte === code) return String.fromCharCode(Number(cp));
          }
        }
        return String.fromCodePoint(code);
      }
      const named = Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, body)
        ? NAMED_ENTITIES[body]
        : undefined;
      if (named !== undefined && (whole.endsWith(';') || body in LEGACY_NO_SEMICOLON)) return named;
      return whole;
    },
  );
}

/** Entities browsers decode even without the trailing semicolon. */
const LEGACY_NO_SEMICOLON: Record<string, true> = {
  amp: true,
  lt: true,
  gt: true,
  quot: true,
  nbsp: true,
};

/**
 * Whitespace and invisible characters: CRLF -> LF, NBSP and other space characters -> space,
 * zero-width characters, BOM, soft hyphen and bidi marks removed, tabs -> space.
 */
export function normalizeSpaces(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\t/g, '  ')
    .replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\f\v]/g, ' ');
}

/** Base64 (standard or URL alphabet) -> bytes; invalid characters are skipped. */
export function decodeBase64(text: string): number[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i += 1) {
    let ch = text[i] as string;
    if (ch === '-') ch = '+';
    else if (ch === '_') ch = '/';
    const v = alphabet.indexOf(ch);
    if (v < 0) continue;
    buffer = (buffer << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return bytes;
}

/** Decodes RFC 2047 encoded words in a header (Gmail usually has done this already). */
export function decodeEncodedWords(header: string): string {
  if (header.indexOf('=?') < 0) return header;
  return header
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(
      /=\?([A-Za-z0-9_-]{1,40})\?([bBqQ])\?([^?]{0,2000})\?=/g,
      (whole, charset: string, enc: string, data: string) => {
        let bytes: number[];
        if (enc.toUpperCase() === 'B') bytes = decodeBase64(data);
        else {
          bytes = [];
          for (let i = 0; i < data.length; i += 1) {
            const ch = data[i] as string;
            if (ch === '_') bytes.push(0x20);
            else if (ch === '=' && i + 2 < data.length) {
              const hi = hexValue(data.toUpperCase().charCodeAt(i + 1));
              const lo = hexValue(data.toUpperCase().charCodeAt(i + 2));
              if (hi >= 0 && lo >= 0) {
                bytes.push(hi * 16 + lo);
                i += 2;
              } else bytes.push(0x3d);
            } else bytes.push(ch.charCodeAt(0) & 0xff);
          }
        }
        const cs = charset.toLowerCase();
        if (cs === 'utf-8' || cs === 'utf8') return decodeUtf8(bytes) ?? whole;
        if (cs === 'iso-8859-1' || cs === 'latin1' || cs === 'us-ascii' || cs === 'windows-1252') {
          return bytes.map((b) => String.fromCharCode(b)).join('');
        }
        return whole;
      },
    );
}

/**
 * The one clean-up every body gets, in order: quoted-printable leftovers, line endings, mojibake,
 * HTML entities (once; skipped for text that came out of the HTML converter, which decoded them),
 * invisible characters and odd spaces.
 */
export function cleanBodyText(text: string, opts: { decodeEntities: boolean }): string {
  let s = decodeQuotedPrintableLeftovers(text.replace(/\r\n?/g, '\n'));
  s = repairMojibake(s);
  if (opts.decodeEntities) s = decodeEntities(s);
  return normalizeSpaces(s);
}

/** One-line value clean-up: collapse runs of spaces, trim. */
export function collapseSpaces(value: string): string {
  return value.replace(/ {2,}/g, ' ').trim();
}
