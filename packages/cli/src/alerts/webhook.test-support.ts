/** An Alertmanager webhook body (version 4) with one firing rollback alert for `route`'s `variant`, as JSON. */
export const rollbackWebhookBody = (route = 'r', variant = 'b'): string =>
  JSON.stringify({
    version: '4',
    status: 'firing',
    receiver: 'x',
    groupKey: 'g',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'ModelrouteErrorRate', action: 'rollback', route, variant },
        annotations: {},
        startsAt: '2026-12-01T00:00:00Z',
        fingerprint: 'f1',
      },
    ],
  });
