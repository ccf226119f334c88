// prepublishOnly of every package: publishing goes through pnpm (`pnpm release`), which replaces the
// `workspace:^` ranges between our packages with real versions; `npm publish` would ship them as they are.
const agent = process.env.npm_config_user_agent ?? '';
if (!agent.startsWith('pnpm/')) {
  console.error(
    `Publish with pnpm (pnpm release; see CONTRIBUTING.md), not with ${agent.split(' ')[0] || 'this tool'}: npm would publish "workspace:^" dependency ranges.`,
  );
  process.exit(1);
}
