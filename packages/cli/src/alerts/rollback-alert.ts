import type { RolloutDocument, RouteDocument } from '@modelroute/core';
import { CliError } from '../cli-error.js';
import { describeChange } from '../commands/weights-summary.js';
import { changeRoute, type ChangeResult } from '../file/change-file.js';
import type { WebhookAlert, WebhookPayload } from './webhook-payload.js';

/** Why a firing `action=rollback` alert cannot be applied to `document`, or undefined when it can. */
export function alertTargetProblem(document: RolloutDocument, alert: WebhookAlert): string | undefined {
  const { route, variant, alertname = 'alert' } = alert.labels;
  const which = `${alertname} (fingerprint ${alert.fingerprint})`;
  if (!route || !variant) return `${which} has action=rollback but no route and variant labels`;
  if (!Object.hasOwn(document.routes, route))
    return `${which} names route "${route}", which the rollout file does not have (it has ${Object.keys(document.routes).join(', ') || 'none'}); regenerate the rules with modelroute alerts`;
  return variantProblem(document.routes[route]!, route, variant, which);
}

function variantProblem(doc: RouteDocument, route: string, variant: string, which: string): string | undefined {
  if (variant === doc.champion)
    return `${which} names ${variant}, the champion of route "${route}": an alert never takes the champion out; use modelroute rollback --to or promote`;
  if (!Object.hasOwn(doc.weights, variant))
    return `${which} names variant "${variant}", which route "${route}" has no weight for (it has ${Object.keys(doc.weights).join(', ')})`;
  return undefined;
}

/** Who changed the file and with what evidence, for the audit log. */
export interface AlertChangeContext {
  readonly actor: string;
  readonly payload: WebhookPayload;
}

/**
 * Takes the alert's variant out of its route: weight 0, and all traffic to the champion when no other
 * weight is left. Through `changeRoute` (locked, validated, atomic, audited), with the alert's
 * fingerprint, generatorURL and labels as the audit entry's evidence. A variant already at 0 is left as
 * it is (`changed: false`): the same alert delivered twice changes the file once.
 */
export function rollbackAlert(file: string, alert: WebhookAlert, context: AlertChangeContext): Promise<ChangeResult> {
  const { route = '', variant = '', alertname = 'alert' } = alert.labels;
  return changeRoute(
    file,
    route,
    'serve-alerts',
    (doc) => {
      const problem = variantProblem(doc, route, variant, `${alertname} (fingerprint ${alert.fingerprint})`);
      if (problem) throw new CliError(1, problem);
      const weights = { ...doc.weights, [variant]: 0 };
      if (Object.values(weights).every((w) => w === 0)) weights[doc.champion] = 100;
      return { ...doc, weights };
    },
    describeChange,
    {
      actor: context.actor,
      reason: `${alertname}: ${alert.annotations.summary ?? `${variant} on ${route}`}`,
      evidence: {
        source: 'alertmanager',
        fingerprint: alert.fingerprint,
        generatorURL: alert.generatorURL,
        startsAt: alert.startsAt,
        labels: alert.labels,
        receiver: context.payload.receiver,
        groupKey: context.payload.groupKey,
      },
    },
  );
}
