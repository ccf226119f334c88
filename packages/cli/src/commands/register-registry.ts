import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { addModel } from '../registry/add-model.js';
import { loadRegistry, type RegisteredModel, registryPath } from '../registry/model-registry.js';
import type { Act } from './register-history.js';

interface AddFlags {
  id: string;
  modelVersion: string;
  artifactUri: string;
  sha256: string;
  owner: string;
  createdAt?: string;
  trainingRun?: string;
  dataWindow?: string;
  metric: string[];
  description?: string;
  tag: string[];
  registry?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function entry(flags: AddFlags): RegisteredModel {
  const metrics: Record<string, number> = {};
  for (const pair of flags.metric) {
    const at = pair.lastIndexOf('=');
    const value = Number(pair.slice(at + 1));
    if (at <= 0 || pair.slice(at + 1).trim() === '' || !Number.isFinite(value))
      throw new CliError(2, `--metric "${pair}" is not name=number, e.g. --metric auc=0.91`);
    metrics[pair.slice(0, at)] = value;
  }
  let dataWindow: RegisteredModel['dataWindow'];
  if (flags.dataWindow !== undefined) {
    const [start, end, extra] = flags.dataWindow.split('/');
    if (start === undefined || end === undefined || extra !== undefined)
      throw new CliError(2, `--data-window "${flags.dataWindow}" is not start/end, e.g. 2026-10-01/2026-11-01`);
    dataWindow = { start, end };
  }
  return {
    id: flags.id,
    version: flags.modelVersion,
    artifactUri: flags.artifactUri,
    sha256: flags.sha256,
    createdAt: flags.createdAt ?? new Date().toISOString(),
    owner: flags.owner,
    ...(flags.trainingRun !== undefined ? { trainingRun: flags.trainingRun } : {}),
    ...(dataWindow !== undefined ? { dataWindow } : {}),
    ...(flags.metric.length > 0 ? { offlineMetrics: metrics } : {}),
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    ...(flags.tag.length > 0 ? { tags: flags.tag } : {}),
  };
}

async function requireRegistry(file: string, registry: string | undefined) {
  const path = registryPath(file, registry);
  const loaded = await loadRegistry(path);
  if (loaded === undefined)
    throw new CliError(1, `there is no model registry at ${path}; create it with \`modelroute registry add\``);
  return loaded;
}

/** `modelroute registry add | list | show`. */
export function registerRegistryCommands(program: Command, act: Act): void {
  const registry = program
    .command('registry')
    .description('the model registry beside a rollout file (modelroute-registry.json, or --registry)');
  registry
    .command('add')
    .description(
      'register a model (entries are immutable); with a registry, set, promote and validate refuse unregistered ids',
    )
    .argument('<file>', 'rollout file (the registry is beside it)')
    .requiredOption('--id <id>', 'the model id the rollout uses')
    .requiredOption('--model-version <version>', "the model's own version")
    .requiredOption('--artifact-uri <uri>', 'where the artifact is')
    .requiredOption('--sha256 <hex>', "the artifact's SHA-256")
    .requiredOption('--owner <owner>', 'who answers for it')
    .option('--created-at <time>', 'ISO 8601 (default: now)')
    .option('--training-run <run>', 'the training run (a run id or URL)')
    .option('--data-window <start/end>', 'the training data interval, e.g. 2026-10-01/2026-11-01')
    .option('--metric <name=value>', 'an offline metric (repeatable)', collect, [])
    .option('--description <text>', 'free text')
    .option('--tag <tag>', 'a tag (repeatable)', collect, [])
    .option('--registry <path>', 'the registry file (default: modelroute-registry.json beside the rollout file)')
    .action((file: string, flags: AddFlags) =>
      act(async (o) => {
        const r = await addModel(file, entry(flags), { registry: flags.registry });
        return o.done(`registered ${r.model.id} (${r.model.version}) in ${r.path}`, { ...r });
      })(),
    );
  registry
    .command('list')
    .description('the registered models')
    .argument('<file>', 'rollout file')
    .option('--registry <path>', 'the registry file')
    .action((file: string, flags: { registry?: string }) =>
      act(async (o) => {
        const r = await requireRegistry(file, flags.registry);
        const lines = r.models.map((m) => `${m.id}  ${m.version}  ${m.owner}  ${m.createdAt}  ${m.artifactUri}`);
        return o.done(lines.join('\n') || `no models in ${r.path}`, { path: r.path, models: r.models });
      })(),
    );
  registry
    .command('show')
    .description('one registered model, every field')
    .argument('<file>', 'rollout file')
    .argument('<id>', 'model id')
    .option('--registry <path>', 'the registry file')
    .action((file: string, id: string, flags: { registry?: string }) =>
      act(async (o) => {
        const r = await requireRegistry(file, flags.registry);
        const model = r.models.find((m) => m.id === id);
        if (model === undefined)
          throw new CliError(
            1,
            `"${id}" is not in ${r.path} (it has ${r.models.map((m) => m.id).join(', ') || 'none'})`,
          );
        return o.done(JSON.stringify(model, null, 2), { path: r.path, model });
      })(),
    );
}
