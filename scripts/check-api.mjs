// `pnpm check:api`: the public API of every package, entry point by entry point, compared with the
// report checked in beside it (packages/<pkg>/api/<entry>.api.md), so that a change to the public API
// is a visible diff in review. `pnpm check:api --update` rewrites the reports after an intended change.
// Reads the built declarations (tsup's dist/*.d.ts): run `pnpm build` first.
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const update = process.argv.includes('--update');
let failed = 0;

for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const folder = join(root, 'packages', dir);
  const pkg = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  const entries = Object.entries(pkg.exports ?? {}).filter(([, target]) => target?.import?.types);
  for (const [subpath, target] of entries) {
    const entry = subpath === '.' ? 'index' : subpath.slice(2);
    const types = join(folder, target.import.types);
    if (!existsSync(types)) {
      console.error(`${relative(root, types)} is missing: run \`pnpm build\` first`);
      failed++;
      continue;
    }
    const reportFolder = join(folder, 'api');
    mkdirSync(reportFolder, { recursive: true });
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: folder,
        mainEntryPointFilePath: types,
        compiler: {
          overrideTsconfig: {
            compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'] },
          },
        },
        apiReport: {
          enabled: true,
          reportFileName: `${entry}.api.md`,
          reportFolder,
          reportTempFolder: join(root, '.tmp', 'api', dir),
        },
        newlineKind: 'lf',
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          // The reports are the point; TSDoc style and release tags are not enforced here.
          extractorMessageReporting: {
            default: { logLevel: 'none' },
            'ae-missing-release-tag': { logLevel: 'none' },
            'ae-forgotten-export': { logLevel: 'none' },
          },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
          compilerMessageReporting: { default: { logLevel: 'warning' } },
        },
      },
      configObjectFullPath: join(folder, 'api-extractor.json'),
      packageJsonFullPath: join(folder, 'package.json'),
    });
    const result = Extractor.invoke(config, { localBuild: update, showVerboseMessages: false });
    const report = relative(root, join(reportFolder, `${entry}.api.md`));
    if (result.apiReportChanged && !update) {
      console.error(
        `${pkg.name}${subpath === '.' ? '' : subpath.slice(1)}: the public API changed; ${report} differs from it. ` +
          'If the change is intended, run `pnpm build && pnpm check:api --update` and commit the report.',
      );
      failed++;
    } else if (!result.succeeded && !result.apiReportChanged) {
      console.error(`${pkg.name}${subpath.slice(1)}: api-extractor failed (${result.errorCount} errors)`);
      failed++;
    } else console.log(`${report}: ${result.apiReportChanged ? 'updated' : 'unchanged'}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
