import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import {
  createHtmlService,
  frameOptionsHeader,
  HtmlServiceFakeError,
  toServedDocument,
  XFrameOptionsMode,
} from '../../../local/gas-runtime/html-service';

describe('Fake: HtmlService', () => {
  let htmlDir: string;

  beforeAll(() => {
    htmlDir = fs.mkdtempSync(path.join(os.tmpdir(), 'html-service-'));
    fs.writeFileSync(path.join(htmlDir, 'plain.html'), '<p>Hello & welcome</p>');
    fs.writeFileSync(
      path.join(htmlDir, 'page.html'),
      [
        '<h1><?= title ?></h1>',
        '<ul><? for (var i = 0; i < items.length; i++) { ?><li><?= items[i] ?></li><? } ?></ul>',
        '<div><?!= trusted ?></div>',
      ].join('\n'),
    );
  });

  afterAll(() => fs.rmSync(htmlDir, { recursive: true, force: true }));

  describe('Method: createHtmlOutput', () => {
    it('keeps content, title, size, meta tags and framing mode', () => {
      // Prepare
      const service = createHtmlService({ htmlDir });

      // Act
      const output = service.createHtmlOutput('<b>a</b>');
      output
        .setTitle('Board')
        .setWidth(900)
        .setHeight(700)
        .addMetaTag('viewport', 'width=device-width, initial-scale=1')
        .append('<i>b</i>')
        .appendUntrusted('<c>');

      // Assess
      expect(output.getContent()).toBe('<b>a</b><i>b</i>&lt;c&gt;');
      expect(output.getTitle()).toBe('Board');
      expect([output.getWidth(), output.getHeight()]).toEqual([900, 700]);
      expect(output.getMetaTags().map((t) => [t.getName(), t.getContent()])).toEqual([
        ['viewport', 'width=device-width, initial-scale=1'],
      ]);
      expect(output.getXFrameOptionsMode()).toBe(XFrameOptionsMode.DEFAULT);
      expect(frameOptionsHeader(output)).toBe('DENY');
      output.setXFrameOptionsMode(service.XFrameOptionsMode.ALLOWALL);
      expect(frameOptionsHeader(output)).toBeNull();
    });

    it('starts empty and can be cleared and replaced', () => {
      const output = createHtmlService({ htmlDir }).createHtmlOutput();
      output.append('x');
      output.clear();
      expect(output.getContent()).toBe('');
      output.setContent('y');
      expect(output.getContent()).toBe('y');
    });
  });

  describe('Method: createHtmlOutputFromFile', () => {
    it('reads <htmlDir>/<name>.html, with or without the extension', () => {
      const service = createHtmlService({ htmlDir });
      expect(service.createHtmlOutputFromFile('plain').getContent()).toBe('<p>Hello & welcome</p>');
      expect(service.createHtmlOutputFromFile('plain.html').getContent()).toBe(
        '<p>Hello & welcome</p>',
      );
    });

    it('fails like Apps Script for a missing file and never leaves the directory', () => {
      const service = createHtmlService({ htmlDir });
      expect(() => service.createHtmlOutputFromFile('nope')).toThrow(
        new HtmlServiceFakeError('No HTML file named nope was found.'),
      );
      expect(() => service.createHtmlOutputFromFile('../etc/passwd')).toThrow(HtmlServiceFakeError);
    });

    it('defaults to dist/gas under the working directory', () => {
      expect(createHtmlService().htmlDir).toBe(path.resolve(process.cwd(), 'dist/gas'));
    });
  });

  describe('Method: createTemplateFromFile + evaluate', () => {
    it('escapes <?= ?>, prints <?!= ?> raw and runs <? ?> code around template text', () => {
      // Prepare
      const template = createHtmlService({ htmlDir }).createTemplateFromFile('page');
      template.title = `Tyler <script>alert('x')</script> & "Brooks"`;
      template.items = ['a<b', 'c&d'];
      template.trusted = '<em>ok</em>';

      // Act
      const html = template.evaluate().getContent();

      // Assess
      expect(html).toBe(
        [
          '<h1>Tyler &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Brooks&quot;</h1>',
          '<ul><li>a&lt;b</li><li>c&amp;d</li></ul>',
          '<div><em>ok</em></div>',
        ].join('\n'),
      );
    });

    it('prints nothing for null and undefined, and each evaluate() sees current variables', () => {
      const template = createHtmlService({ htmlDir }).createTemplate('[<?= v ?>]');
      template.v = null;
      expect(template.evaluate().getContent()).toBe('[]');
      template.v = 0;
      expect(template.evaluate().getContent()).toBe('[0]');
    });

    it('lets scriptlets call the global functions of the vm context the bundle runs in', () => {
      // Prepare
      const context = vm.createContext({});
      vm.runInContext('function shout(s) { return String(s).toUpperCase() + "!"; }', context);
      const service = createHtmlService({ htmlDir });
      service.setScope(context);
      const template = service.createTemplate('<?= shout(name) ?> <?!= shout("<i>") ?>');
      template.name = 'ahoy';

      // Act
      const html = template.evaluate().getContent();

      // Assess
      expect(html).toBe('AHOY! <I>!');
    });

    it('exposes its code and raw text, and an output object for scriptlets', () => {
      const template = createHtmlService({ htmlDir }).createTemplate(
        '<? output.append("<hr>"); output.appendUntrusted("<x>"); ?>',
      );
      expect(template.getRawContent()).toContain('output.append');
      expect(template.getCode()).toContain('output.appendUntrusted');
      expect(template.evaluate().getContent()).toBe('<hr>&lt;x&gt;');
    });

    it('turns an HtmlOutput back into a template', () => {
      const service = createHtmlService({ htmlDir });
      const template = service.createHtmlOutput('<?= 1 + 1 ?>').asTemplate();
      expect(template.evaluate().getContent()).toBe('2');
    });
  });

  describe('Function: toServedDocument', () => {
    it('puts the title and meta tags in the head, escaped', () => {
      const service = createHtmlService({ htmlDir });
      const output = service
        .createHtmlOutput('<!DOCTYPE html><html><head><style></style></head><body>x</body></html>')
        .setTitle('A <b> & C')
        .addMetaTag('viewport', 'width=device-width');
      const doc = toServedDocument(output);
      expect(doc).toBe(
        '<!DOCTYPE html><html><head><title>A &lt;b&gt; &amp; C</title>' +
          '<meta name="viewport" content="width=device-width"><style></style></head><body>x</body></html>',
      );
    });

    it('wraps a fragment in a document', () => {
      const output = createHtmlService({ htmlDir }).createHtmlOutput('<p>x</p>').setTitle('T');
      expect(toServedDocument(output)).toContain('<head><meta charset="utf-8"><title>T</title>');
      expect(toServedDocument(output)).toContain('<body><p>x</p></body>');
    });
  });
});
