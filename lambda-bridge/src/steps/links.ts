/** Where a booking's pages live, and the invalidation reference for a revision. */
import { guestPageLocations, slugForBookingId } from '../../../shared/slug';
import { checklistToken, sha256Hex } from '../crypto';

export interface BookingLinks {
  guestPage: string;
  checklist: string;
  checklistKey: string;
  guestPageKey: string;
  invalidationPaths: string[];
}

export function linksFor(
  bookingId: string,
  publicBaseUrl: string,
  checklistSecret: string,
): BookingLinks {
  const slug = slugForBookingId(bookingId);
  const guest = guestPageLocations(slug);
  const base = publicBaseUrl.replace(/\/+$/, '');
  const checklistKey = `crew/${slug}-${checklistToken(checklistSecret, bookingId)}.html`;
  return {
    guestPage: `${base}${guest.publicPath}`,
    checklist: `${base}/${checklistKey}`,
    checklistKey,
    guestPageKey: guest.key,
    invalidationPaths: [guest.objectPath, guest.publicPath],
  };
}

/** Same booking + revision + paths => same reference (CloudFront then returns the same invalidation). */
export function invalidationCallerReference(
  bookingId: string,
  revision: number,
  paths: string[],
): string {
  return `booking-${bookingId}-r${revision}-${sha256Hex([...paths].sort().join('\n')).slice(0, 16)}`;
}
