/** Public page slugs: the booking id in lower case, limited to what the edge function accepts. */
export const SLUG_PATTERN = /^[a-z0-9-]{1,64}$/;

export class SlugError extends Error {
  override readonly name = 'SlugError';
}

export function isValidSlug(value: string): boolean {
  return SLUG_PATTERN.test(value);
}

/** "XHQGMDH" -> "xhqgmdh". Anything that would not be a valid slug is rejected, not repaired. */
export function slugForBookingId(bookingId: string): string {
  const slug = bookingId.toLowerCase();
  if (!isValidSlug(slug))
    throw new SlugError(`booking id "${bookingId}" cannot be a page slug (allowed: a-z, 0-9, -)`);
  return slug;
}

/** Where the guest page lives: the S3 key, and the two public paths a CDN may have cached. */
export function guestPageLocations(slug: string): {
  key: string;
  objectPath: string;
  publicPath: string;
} {
  if (!isValidSlug(slug)) throw new SlugError(`invalid slug "${slug}"`);
  return { key: `${slug}.html`, objectPath: `/${slug}.html`, publicPath: `/g/${slug}` };
}
