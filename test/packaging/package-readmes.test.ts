// Each package's README is its page on the registry, where a relative link (../../README.md, docs/x.md)
// leads nowhere and a workspace command (pnpm --filter) means nothing: every link is absolute.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageDirs, workspaceRoot } from '../../scripts/packed-install.mjs';

describe('package READMEs stand alone on the registry page', () => {
  for (const dir of packageDirs) {
    it(`packages/${dir}/README.md has only absolute links and no workspace commands`, () => {
      const text = readFileSync(join(workspaceRoot, 'packages', dir, 'README.md'), 'utf8');
      const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
      expect(links.filter((url) => !/^(https:\/\/|#)/.test(url))).toEqual([]);
      expect(text).not.toMatch(/pnpm --filter|root README/);
    });
  }
});
