/**
 * In-memory HtmlService for running the Apps Script bundle outside Google: HTML outputs, files
 * read from the built project (dist/gas/<name>.html) and templates with scriptlets:
 *   `<? code ?>`      runs code (loops and conditionals may wrap template text),
 *   `<?= expr ?>`     prints the value HTML-escaped (Apps Script escapes contextually; escaping
 *                     for element content and quoted attributes is the strictest common case),
 *   `<?!= expr ?>`    prints the value raw (trusted HTML only).
 * Template properties are variables inside the scriptlets, as in Apps Script; when a `scope` is
 * given (e.g. the node:vm context the bundle runs in) scriptlets can also call the script's global
 * functions, like an `include()` helper.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { escapeHtml } from '../../shared/html';

type HtmlOutput = GoogleAppsScript.HTML.HtmlOutput;
type HtmlTemplate = GoogleAppsScript.HTML.HtmlTemplate;
type HtmlOutputMetaTag = GoogleAppsScript.HTML.HtmlOutputMetaTag;

/** String-valued so a recorded mode reads well in a test failure. */
export const XFrameOptionsMode = {
  ALLOWALL: 'ALLOWALL',
  DEFAULT: 'DEFAULT',
} as unknown as typeof GoogleAppsScript.HTML.XFrameOptionsMode;

export const SandboxMode = {
  EMULATED: 'EMULATED',
  IFRAME: 'IFRAME',
  NATIVE: 'NATIVE',
} as unknown as typeof GoogleAppsScript.HTML.SandboxMode;

export class HtmlServiceFakeError extends Error {
  override readonly name = 'HtmlServiceFakeError';
}

/** The HtmlOutput plus what a test (or the local harness) needs to inspect. */
export interface FakeHtmlOutput extends HtmlOutput {
  getXFrameOptionsMode(): GoogleAppsScript.HTML.XFrameOptionsMode;
  getSandboxMode(): GoogleAppsScript.HTML.SandboxMode | null;
}

export interface FakeHtmlService extends GoogleAppsScript.HTML.HtmlService {
  /** Directory that createHtmlOutputFromFile / createTemplateFromFile read from. */
  readonly htmlDir: string;
  /** Sets the global scope scriptlets see (the bundle's vm context, usually). */
  setScope(scope: object | null): void;
  createHtmlOutput(content?: string | GoogleAppsScript.Base.BlobSource): FakeHtmlOutput;
  createHtmlOutputFromFile(filename: string): FakeHtmlOutput;
}

export interface HtmlServiceOptions {
  /** Default: `<cwd>/dist/gas`. */
  htmlDir?: string;
  /** Global scope for scriptlets; a node:vm context runs them inside that context. */
  scope?: object;
  /** What getUserAgent() answers. */
  userAgent?: string;
}

function unsupported(what: string): never {
  throw new HtmlServiceFakeError(`${what} is not available in the local HtmlService`);
}

function contentOf(source: string | GoogleAppsScript.Base.BlobSource | undefined): string {
  if (source === undefined) return '';
  if (typeof source === 'string') return source;
  return source.getBlob().getDataAsString();
}

class HtmlOutputFake implements FakeHtmlOutput {
  private content: string;
  private title = '';
  private width = 600;
  private height = 400;
  private faviconUrl = '';
  private xFrameOptionsMode = XFrameOptionsMode.DEFAULT;
  private sandboxMode: GoogleAppsScript.HTML.SandboxMode | null = null;
  private readonly metaTags: Array<{ name: string; content: string }> = [];

  constructor(
    content: string,
    private readonly service: FakeHtmlService,
  ) {
    this.content = content;
  }

  addMetaTag(name: string, content: string): HtmlOutput {
    this.metaTags.push({ name, content });
    return this;
  }
  append(addedContent: string): HtmlOutput {
    this.content += addedContent;
    return this;
  }
  appendUntrusted(addedContent: string): HtmlOutput {
    this.content += escapeHtml(addedContent);
    return this;
  }
  asTemplate(): HtmlTemplate {
    return createTemplate(this.content, this.service, null);
  }
  clear(): HtmlOutput {
    this.content = '';
    return this;
  }
  getAs(_contentType: string): GoogleAppsScript.Base.Blob {
    return unsupported('HtmlOutput.getAs');
  }
  getBlob(): GoogleAppsScript.Base.Blob {
    return unsupported('HtmlOutput.getBlob');
  }
  getContent(): string {
    return this.content;
  }
  getFaviconUrl(): string {
    return this.faviconUrl;
  }
  getHeight(): number {
    return this.height;
  }
  getMetaTags(): HtmlOutputMetaTag[] {
    return this.metaTags.map((tag) => ({ getName: () => tag.name, getContent: () => tag.content }));
  }
  getTitle(): string {
    return this.title;
  }
  getWidth(): number {
    return this.width;
  }
  setContent(content: string): HtmlOutput {
    this.content = content;
    return this;
  }
  setFaviconUrl(iconUrl: string): HtmlOutput {
    this.faviconUrl = iconUrl;
    return this;
  }
  setHeight(height: number): HtmlOutput {
    this.height = height;
    return this;
  }
  setSandboxMode(mode: GoogleAppsScript.HTML.SandboxMode): HtmlOutput {
    this.sandboxMode = mode;
    return this;
  }
  setTitle(title: string): HtmlOutput {
    this.title = title;
    return this;
  }
  setWidth(width: number): HtmlOutput {
    this.width = width;
    return this;
  }
  setXFrameOptionsMode(mode: GoogleAppsScript.HTML.XFrameOptionsMode): HtmlOutput {
    this.xFrameOptionsMode = mode;
    return this;
  }
  getXFrameOptionsMode(): GoogleAppsScript.HTML.XFrameOptionsMode {
    return this.xFrameOptionsMode;
  }
  getSandboxMode(): GoogleAppsScript.HTML.SandboxMode | null {
    return this.sandboxMode;
  }
}

const SCRIPTLET = /<\?(!=|=)?([\s\S]*?)\?>/g;

/**
 * Turns template text into the body of a function with an `output` in scope: text and `<?= ?>`
 * values are appended, `<? ?>` code is pasted in as is (so it can open and close blocks).
 */
export function compileTemplate(source: string): string {
  const lines: string[] = [];
  let last = 0;
  for (const match of source.matchAll(SCRIPTLET)) {
    const index = match.index ?? 0;
    if (index > last) lines.push(`output._append(${JSON.stringify(source.slice(last, index))});`);
    const kind = match[1];
    const code = (match[2] ?? '').trim();
    if (kind === '=') lines.push(`output._appendEscaped(${code});`);
    else if (kind === '!=') lines.push(`output._appendRaw(${code});`);
    else lines.push(code);
    last = index + match[0].length;
  }
  if (last < source.length) lines.push(`output._append(${JSON.stringify(source.slice(last))});`);
  return lines.join('\n');
}

interface ScriptletOutput {
  _append(text: string): void;
  _appendEscaped(value: unknown): void;
  _appendRaw(value: unknown): void;
  append(text: string): void;
  appendUntrusted(text: string): void;
}

type TemplateRunner = (vars: object, output: ScriptletOutput) => void;

function makeRunner(body: string, scope: object | null): TemplateRunner {
  // Sloppy-mode `with` is exactly Apps Script's semantics: template properties shadow globals.
  const factory = `(function (__vars, output) { with (__vars) { ${body}\n} })`;
  if (scope && vm.isContext(scope)) {
    return vm.runInContext(factory, scope) as TemplateRunner;
  }
  const runner = new Function(
    '__scope',
    '__vars',
    'output',
    `with (__scope) { with (__vars) { ${body}\n} }`,
  ) as (s: object, v: object, o: ScriptletOutput) => void;
  return (vars, output) => runner(scope ?? {}, vars, output);
}

function printable(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function createTemplate(
  source: string,
  service: FakeHtmlService,
  scope: (() => object | null) | null,
): HtmlTemplate {
  const code = compileTemplate(source);
  const template: HtmlTemplate = {
    evaluate(): HtmlOutput {
      const vars: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(template)) {
        if (!RESERVED.has(key)) vars[key] = value;
      }
      let html = '';
      const output: ScriptletOutput = {
        _append: (text) => void (html += text),
        _appendEscaped: (value) => void (html += escapeHtml(printable(value))),
        _appendRaw: (value) => void (html += printable(value)),
        append: (text) => void (html += printable(text)),
        appendUntrusted: (text) => void (html += escapeHtml(printable(text))),
      };
      makeRunner(code, scope ? scope() : null)(vars, output);
      return service.createHtmlOutput(html);
    },
    getCode: () => code,
    getCodeWithComments: () => code,
    getRawContent: () => source,
  };
  return template;
}

const RESERVED = new Set(['evaluate', 'getCode', 'getCodeWithComments', 'getRawContent']);

export function createHtmlService(options: HtmlServiceOptions = {}): FakeHtmlService {
  const htmlDir = options.htmlDir ?? path.resolve(process.cwd(), 'dist/gas');
  let scope: object | null = options.scope ?? null;

  const readFile = (filename: string): string => {
    const name = filename.endsWith('.html') ? filename : `${filename}.html`;
    const file = path.join(htmlDir, name);
    if (path.dirname(path.resolve(file)) !== path.resolve(htmlDir)) {
      throw new HtmlServiceFakeError(`No HTML file named ${filename} was found.`);
    }
    if (!fs.existsSync(file)) {
      // Apps Script's own wording, so a test can assert on it.
      throw new HtmlServiceFakeError(`No HTML file named ${filename} was found.`);
    }
    return fs.readFileSync(file, 'utf8');
  };

  const service: FakeHtmlService = {
    htmlDir,
    XFrameOptionsMode,
    SandboxMode,
    setScope(next) {
      scope = next;
    },
    createHtmlOutput(content?: string | GoogleAppsScript.Base.BlobSource) {
      return new HtmlOutputFake(contentOf(content), service);
    },
    createHtmlOutputFromFile(filename: string) {
      return new HtmlOutputFake(readFile(filename), service);
    },
    createTemplate(source: string | GoogleAppsScript.Base.BlobSource) {
      return createTemplate(contentOf(source), service, () => scope);
    },
    createTemplateFromFile(filename: string) {
      return createTemplate(readFile(filename), service, () => scope);
    },
    getUserAgent: () => options.userAgent ?? 'Mozilla/5.0 (local HtmlService)',
  };
  return service;
}

/**
 * The page a browser receives for an HtmlOutput, the way Apps Script serves it: the title and
 * meta tags set on the output go into the document head (Google puts them on its outer page).
 */
export function toServedDocument(output: HtmlOutput): string {
  const head =
    `<title>${escapeHtml(output.getTitle())}</title>` +
    output
      .getMetaTags()
      .map(
        (tag) =>
          `<meta name="${escapeHtml(tag.getName())}" content="${escapeHtml(tag.getContent())}">`,
      )
      .join('');
  const content = output.getContent();
  const headOpen = /<head(\s[^>]*)?>/i.exec(content);
  if (headOpen) {
    const at = headOpen.index + headOpen[0].length;
    return content.slice(0, at) + head + content.slice(at);
  }
  return `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${content}</body></html>`;
}

/** The X-Frame-Options header Apps Script sends for an output (none when framing is allowed). */
export function frameOptionsHeader(output: HtmlOutput): string | null {
  const mode = (output as Partial<FakeHtmlOutput>).getXFrameOptionsMode?.();
  return mode === XFrameOptionsMode.ALLOWALL ? null : 'DENY';
}
