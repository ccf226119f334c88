/** One alert of an Alertmanager webhook notification (version 4). */
export interface WebhookAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly generatorURL: string;
  readonly fingerprint: string;
}

/** An Alertmanager webhook notification (version 4), as far as modelroute reads it. */
export interface WebhookPayload {
  readonly version: '4';
  readonly status: 'firing' | 'resolved';
  readonly receiver: string;
  readonly groupKey: string;
  readonly alerts: readonly WebhookAlert[];
}

/** The payload, or why it is not an Alertmanager version 4 notification. */
export type ParsedPayload = { ok: true; payload: WebhookPayload } | { ok: false; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStatus = (v: unknown): v is 'firing' | 'resolved' => v === 'firing' || v === 'resolved';
const isStringMap = (v: unknown): v is Record<string, string> =>
  isObject(v) && Object.values(v).every((x) => typeof x === 'string');

function alertProblem(a: unknown, at: string): string | undefined {
  if (!isObject(a)) return `${at} must be an object`;
  if (!isStatus(a.status)) return `${at}.status must be "firing" or "resolved"`;
  if (!isStringMap(a.labels)) return `${at}.labels must be an object of strings`;
  if (a.annotations !== undefined && !isStringMap(a.annotations))
    return `${at}.annotations must be an object of strings`;
  for (const key of ['startsAt', 'fingerprint'] as const)
    if (typeof a[key] !== 'string' || a[key] === '') return `${at}.${key} must be a non-empty string`;
  for (const key of ['endsAt', 'generatorURL'] as const)
    if (a[key] !== undefined && typeof a[key] !== 'string') return `${at}.${key} must be a string`;
  return undefined;
}

/** Checks a parsed JSON body against the parts of Alertmanager's webhook format (version 4) that modelroute reads. */
export function parseWebhookPayload(body: unknown): ParsedPayload {
  const fail = (reason: string): ParsedPayload => ({ ok: false, reason });
  if (!isObject(body)) return fail('the body must be a JSON object (an Alertmanager webhook notification)');
  if (body.version !== '4')
    return fail(`version must be "4" (Alertmanager's webhook format), got ${JSON.stringify(body.version)}`);
  if (!isStatus(body.status)) return fail('status must be "firing" or "resolved"');
  if (!Array.isArray(body.alerts)) return fail('alerts must be an array');
  for (const [i, a] of body.alerts.entries()) {
    const problem = alertProblem(a, `alerts[${i}]`);
    if (problem) return fail(problem);
  }
  const alerts = (body.alerts as Array<Record<string, unknown>>).map(
    (a): WebhookAlert => ({
      status: a.status as WebhookAlert['status'],
      labels: a.labels as Record<string, string>,
      annotations: (a.annotations as Record<string, string> | undefined) ?? {},
      startsAt: a.startsAt as string,
      endsAt: (a.endsAt as string | undefined) ?? '',
      generatorURL: (a.generatorURL as string | undefined) ?? '',
      fingerprint: a.fingerprint as string,
    }),
  );
  return {
    ok: true,
    payload: {
      version: '4',
      status: body.status,
      receiver: typeof body.receiver === 'string' ? body.receiver : '',
      groupKey: typeof body.groupKey === 'string' ? body.groupKey : '',
      alerts,
    },
  };
}
