import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../infra/cli/main.js';
import packageJson from '../../package.json' with { type: 'json' };
import { repositoryRoot } from '../../shared/schemas/generate.js';

/**
 * The README and the pages under docs/ are what a newcomer follows: their relative links must lead somewhere, and
 * the `npx rekindle` and `npm` commands they show must exist, with the options they use.
 */

interface Page {
  readonly path: string;
  readonly text: string;
}

const pages: readonly Page[] = [
  'README.md',
  ...readdirSync(join(repositoryRoot, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
].map((path) => ({ path, text: readFileSync(join(repositoryRoot, path), 'utf8') }));

const fence = /^```[^\n]*\n([\s\S]*?)^```/gm;

/** Shell-like lines: every line of a fenced block, and every inline code span outside the blocks. */
function commandLines(text: string): string[] {
  const blocks = [...text.matchAll(fence)].flatMap((m) => (m[1] ?? '').split('\n'));
  const spans = [...text.replace(fence, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1] ?? '');
  // A `#` after whitespace starts a comment: what it mentions is prose, not the command.
  return [...blocks, ...spans].map((line) => line.replace(/(^|\s)#.*$/, ''));
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(text: string): Set<string> {
  return new Set([...text.replace(fence, '').matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchor(m[1] ?? '')));
}

describe('README.md and docs/*.md', () => {
  it('finds the pages', () => {
    expect(pages.map((p) => p.path)).toEqual(expect.arrayContaining(['README.md', 'docs/events.md']));
  });

  it('link only to files (and headings) that exist', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const prose = page.text.replace(fence, '').replace(/`[^`\n]*`/g, '');
      for (const [, target = ''] of prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        if (/^[a-z][a-z+.-]*:/i.test(target)) continue; // https:, mailto:
        const [file = '', fragment] = target.split('#');
        const path =
          file === '' ? join(repositoryRoot, page.path) : resolve(dirname(join(repositoryRoot, page.path)), file);
        if (!existsSync(path)) {
          broken.push(`${page.path}: ${target} (no ${relative(repositoryRoot, path)})`);
        } else if (
          fragment !== undefined &&
          path.endsWith('.md') &&
          !anchors(readFileSync(path, 'utf8')).has(fragment)
        ) {
          broken.push(`${page.path}: ${target} (no heading #${fragment})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('run only npm scripts package.json has', () => {
    const scripts = Object.keys(packageJson.scripts);
    const unknown: string[] = [];
    for (const page of pages) {
      for (const line of commandLines(page.text)) {
        for (const [, verb, name] of line.matchAll(/\bnpm (run|start|test)\b\s*([\w:-]*)/g)) {
          const script = verb === 'run' ? name : verb;
          if (script === undefined || script === '' || !scripts.includes(script)) {
            unknown.push(`${page.path}: ${line.trim()}`);
          }
        }
      }
    }
    expect(unknown).toEqual([]);
  });

  describe('npx rekindle', () => {
    const help = new Map<string, string>(); // '' for `rekindle --help`, else the command's own --help
    const ask = async (args: readonly string[]): Promise<string> => {
      let text = '';
      const write = (line: string) => {
        text += `${line}\n`;
      };
      await main(args, { out: write, err: write, cwd: repositoryRoot });
      return text;
    };

    const uses = pages.flatMap((page) =>
      commandLines(page.text).flatMap((line) =>
        [...line.matchAll(/\bnpx rekindle\s+(\S+)([^;&|]*)/g)].map(([, command = '', rest = '']) => ({
          page: page.path,
          command,
          options: [...rest.matchAll(/(?:^|\s)(--[\w-]+)/g)].map((m) => m[1] ?? ''),
        })),
      ),
    );

    beforeAll(async () => {
      const usage = await ask(['--help']);
      help.set('', usage);
      const names = [...usage.matchAll(/^ {2}([\w-]+) /gm)].map((m) => m[1] ?? '');
      for (const name of names) help.set(name, await ask([name, '--help']));
    });

    it('are shown at all', () => {
      expect(uses.length).toBeGreaterThan(10);
    });

    it('name commands the CLI has', () => {
      const unknown = uses
        .filter((use) => !use.command.startsWith('-') && !help.has(use.command))
        .map((use) => `${use.page}: rekindle ${use.command}`);
      expect(unknown).toEqual([]);
    });

    it("use options the command's --help lists", () => {
      const unknown = uses.flatMap((use) =>
        use.options
          .filter((option) => {
            const text = help.get(use.command.startsWith('-') ? '' : use.command) ?? '';
            return !new RegExp(`${option}(?![\\w-])`).test(text);
          })
          .map((option) => `${use.page}: rekindle ${use.command} ${option}`),
      );
      expect(unknown).toEqual([]);
    });
  });
});
