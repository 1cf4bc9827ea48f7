/**
 * The one zod of the product: zod/mini, with zod's English messages configured once.
 *
 * Every schema imports `z` from here (`import * as z from './schema'`), never from 'zod'
 * (test/checks/source.test.ts holds that line). zod/mini has the same validation core as classic
 * zod with functions instead of methods (`z.optional(s)`, `s.check(z.minLength(1))`), and it is
 * a fraction of its size and construction time: it is what keeps the bridge's cold start and the
 * Apps Script bundle small. Unlike classic zod it ships no messages of its own ("Invalid input"
 * for everything): the English locale set below gives the same messages classic zod gives, which
 * the bridge's 4xx answers and the booking dialog's field errors show. A schema imported from
 * here therefore always speaks English, wherever it runs.
 *
 * The locale comes from 'zod/locales' by name: `z.locales.en` would bundle every language.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
