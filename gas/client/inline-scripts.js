// Build step for gas/html/*.html: replaces `<script data-inline="client/x.ts"></script>` with the
// bundled client script (esbuild, IIFE) and `<style data-inline="client/x.css"></style>` with the
// style sheet, so every page HtmlService serves is one self-contained
// file. Used by webpack.config.js (and by the board tests to explain a stale build).
const path = require('node:path');

const GAS_DIR = path.resolve(__dirname, '..');
const INLINE_TAG = /<script data-inline="([^"]+)"><\/script>/g;
const INLINE_STYLE = /<style data-inline="([^"]+)"><\/style>/g;

function bundleClient(rel) {
  const result = require('esbuild').buildSync({
    entryPoints: [path.resolve(GAS_DIR, rel)],
    tsconfig: path.resolve(__dirname, 'tsconfig.json'),
    bundle: true,
    format: 'iife',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    write: false,
  });
  // Nothing in the script may close the <script> element or open an HTML comment.
  return result.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** A page's style sheet kept beside its client code, inlined as a <style> element. */
function inlineStyle(rel, fileName) {
  const css = require('node:fs').readFileSync(path.resolve(GAS_DIR, rel), 'utf8');
  if (/<\/style|<\?/i.test(css)) {
    throw new Error(`${fileName}: ${rel} contains "</style" or "<?", which would break the page`);
  }
  return `<style>${css}</style>`;
}

function inlineClientScripts(html, fileName) {
  const styled = html.replace(INLINE_STYLE, (_tag, rel) => inlineStyle(rel, fileName));
  return styled.replace(INLINE_TAG, (_tag, rel) => {
    const js = bundleClient(rel);
    if (js.includes('<?')) {
      throw new Error(
        `${fileName}: ${rel} contains "<?", which an HtmlService template reads as a scriptlet`,
      );
    }
    return `<script>${js}</script>`;
  });
}

module.exports = { inlineClientScripts };
