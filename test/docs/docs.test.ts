import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '../..');
const README = join(root, 'README.md');
const GUIDES = ['docs/captain-guide.md', 'docs/deploy-guide.md', 'docs/developer-guide.md'];

/** Every Markdown file of the documentation: the README and everything under docs/. */
function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return walk(path);
      return name.endsWith('.md') ? [path] : [];
    });
  return [README, ...walk(join(root, 'docs'))];
}

/** Strips fenced code blocks so that `#` lines and `[x](y)` inside them are not read as Markdown. */
function withoutCode(markdown: string): string {
  return markdown
    .replace(/^```[\s\S]*?^```/gm, '')
    .replace(/`[^`\n]*`/g, (code) => (code.includes('](') ? '' : code));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of withoutCode(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = (match[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Relative links (`[text](target)`) of a file: web links and mail links are not checked. */
function relativeLinks(markdown: string): string[] {
  return [...withoutCode(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z]+:/i.test(target));
}

describe('Documentation', () => {
  it('keeps the README a front door of at most 30 KB', () => {
    expect(statSync(README).size).toBeLessThanOrEqual(30 * 1024);
  });

  it('links the README to the three guides and the decision records', () => {
    const readme = readFileSync(README, 'utf8');
    for (const target of [...GUIDES, 'docs/decisions/README.md']) {
      expect(readme).toContain(`](${target}`);
    }
  });

  it('gives the first two commands a newcomer needs near the top of the README', () => {
    const top = readFileSync(README, 'utf8').split('\n').slice(0, 15).join('\n');
    expect(top).toContain('npm ci');
    expect(top).toContain('npm start');
    expect(top).toContain('npm test');
  });

  it('has every relative link point at a file that exists and a heading that exists', () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      for (const link of relativeLinks(readFileSync(file, 'utf8'))) {
        const [path = '', anchor] = link.split('#');
        const target = path === '' ? file : resolve(dirname(file), path);
        const where = `${relative(root, file)} -> ${link}`;
        if (!existsSync(target)) broken.push(`${where} (no such file)`);
        else if (
          anchor &&
          target.endsWith('.md') &&
          !anchorsOf(readFileSync(target, 'utf8')).has(anchor)
        ) {
          broken.push(`${where} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
