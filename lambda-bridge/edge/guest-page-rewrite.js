// CloudFront Function (runtime cloudfront-js-2.0), viewer request, on the /g/* behaviour.
// This file is deployed byte for byte: no modules, no timers, no Node APIs.
//   /g/{slug} and /g/{slug}/  ->  /{slug}.html   (the guest page object in S3)
//   /g/<anything else>        ->  404 from the edge; the origin is never asked
//   every other path          ->  untouched
// The slug rule is the one in shared/slug.ts (SLUG_PATTERN); a test keeps the two in step.

var GUEST_PREFIX = '/g/';
var SLUG_PATTERN = /^[a-z0-9-]{1,64}$/;

var NOT_FOUND_BODY =
  '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Page not found</title></head>' +
  '<body style="font-family:system-ui,sans-serif;margin:2rem 1rem;overflow-wrap:anywhere">' +
  '<h1>Page not found</h1><p>Check the link in your booking e-mail.</p></body></html>';

function notFound() {
  return {
    statusCode: 404,
    statusDescription: 'Not Found',
    headers: {
      'content-type': { value: 'text/html; charset=utf-8' },
      'cache-control': { value: 'public, max-age=300' },
      'x-content-type-options': { value: 'nosniff' },
    },
    body: NOT_FOUND_BODY,
  };
}

// CloudFront calls the top-level handler(event) by name; nothing in this file refers to it.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.indexOf(GUEST_PREFIX) !== 0) return request;

  var slug = uri.substring(GUEST_PREFIX.length);
  if (slug.charAt(slug.length - 1) === '/') slug = slug.substring(0, slug.length - 1);
  if (!SLUG_PATTERN.test(slug)) return notFound();

  request.uri = '/' + slug + '.html';
  return request;
}
