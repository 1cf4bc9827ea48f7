// Builds the Apps Script project into dist/gas: Code.js (one bundle whose entry points are
// top-level functions, thanks to gas-webpack-plugin), appsscript.json and the HTML files.
const path = require('node:path');
const fs = require('node:fs');
const GasPlugin = require('gas-webpack-plugin');
// `<script data-inline="client/x.ts"></script>` in gas/html/*.html -> the bundled client script.
const { inlineClientScripts } = require('./gas/client/inline-scripts');

const outDir = path.resolve(__dirname, 'dist/gas');

/** Copies the manifest and HTML after webpack has (cleanly) written the bundle. */
class CopyGasAssetsPlugin {
  apply(compiler) {
    compiler.hooks.afterEmit.tap('CopyGasAssetsPlugin', () => {
      fs.copyFileSync(
        path.resolve(__dirname, 'appsscript.json'),
        path.join(outDir, 'appsscript.json'),
      );
      const htmlDir = path.resolve(__dirname, 'gas/html');
      if (fs.existsSync(htmlDir)) {
        for (const name of fs.readdirSync(htmlDir)) {
          if (!name.endsWith('.html')) continue;
          const html = fs.readFileSync(path.join(htmlDir, name), 'utf8');
          fs.writeFileSync(path.join(outDir, name), inlineClientScripts(html, name));
        }
      }
    });
  }
}

module.exports = {
  mode: 'production',
  context: __dirname,
  entry: './gas/main.ts',
  target: ['web', 'es2020'],
  devtool: false,
  // compareBeforeEmit: false writes Code.js on every build even when its bytes are unchanged, so its
  // mtime tells the test harness (test/gas/support/harness.ts) the build is newer than every source;
  // otherwise a change to a client script (inlined into the HTML only) left Code.js "stale" forever
  // and every test file rebuilt dist/gas, emptying it under the suites reading it.
  output: { path: outDir, filename: 'Code.js', clean: true, compareBeforeEmit: false },
  resolve: { extensions: ['.ts', '.js'] },
  module: {
    rules: [{ test: /\.ts$/, loader: 'esbuild-loader', options: { target: 'es2020' } }],
  },
  optimization: {
    // Keep function names readable in Apps Script's execution log; size is not a concern there.
    minimize: false,
  },
  performance: { hints: false },
  plugins: [new GasPlugin({ comment: false }), new CopyGasAssetsPlugin()],
};
