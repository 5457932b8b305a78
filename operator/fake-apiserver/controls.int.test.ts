// Conformance: the fake's test controls (injected failures, request log, write counts, tokens)
// and the Status shapes they answer with (api-conventions: metav1.Status with reason and code).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeApiServer } from './index.ts';
import {
  failure,
  group,
  startHarness,
  version,
  waitFor,
  widget,
  type Harness,
} from './widgets.test-support.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.server.close();
});

describe('test controls', () => {
  it('failNext answers matching requests with the injected Status, then recovers', async () => {
    await h.custom.createNamespacedCustomObject({
      group,
      version,
      namespace: 'default',
      plural: 'widgets',
      body: widget('faulty'),
    });
    h.server.failNext({
      method: 'GET',
      pathPattern: /\/widgets\/faulty$/,
      status: 503,
      times: 2,
      retryAfterSeconds: 1,
    });
    const get = () =>
      h.custom.getNamespacedCustomObject({
        group,
        version,
        namespace: 'default',
        plural: 'widgets',
        name: 'faulty',
      });
    const first = await failure(get());
    expect(first.code).toBe(503);
    expect(first.body).toMatchObject({
      kind: 'Status',
      reason: 'ServiceUnavailable',
      code: 503,
      details: { retryAfterSeconds: 1 },
    });
    expect((await failure(get())).code).toBe(503);
    expect((await get()).metadata.name).toBe('faulty');
    expect(h.server.requests.filter((r) => r.injected)).toHaveLength(2);
  });

  it('records requests with verb, resource and token, and counts writes', async () => {
    const since = Date.now();
    await h.custom.createNamespacedCustomObject({
      group,
      version,
      namespace: 'default',
      plural: 'widgets',
      body: widget('counted'),
    });
    await h.custom.getNamespacedCustomObject({
      group,
      version,
      namespace: 'default',
      plural: 'widgets',
      name: 'counted',
    });
    await h.custom.patchNamespacedCustomObjectStatus({
      group,
      version,
      namespace: 'default',
      plural: 'widgets',
      name: 'counted',
      body: [{ op: 'add', path: '/status', value: { phase: 'Ready' } }],
    });
    await waitFor(() => h.server.writeCounts(since).total === 2);
    expect(h.server.writeCounts(since)).toEqual({
      total: 2,
      byVerb: { create: 1, patch: 1 },
      byResource: { widgets: 1, 'widgets/status': 1 },
    });
    const last = h.server.requests[h.server.requests.length - 1];
    expect(last).toMatchObject({
      method: 'PATCH',
      verb: 'patch',
      resource: 'widgets/status',
      group,
      namespace: 'default',
      name: 'counted',
      token: 'fake-token',
      status: 200,
    });
  });

  it('with requireToken answers 401 to a request without a bearer token', async () => {
    const server = await startFakeApiServer({ requireToken: true, logger: { warn: () => {} } });
    try {
      const anonymous = await fetch(`${server.url}/api/v1/namespaces`);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({
        kind: 'Status',
        reason: 'Unauthorized',
        code: 401,
      });
      const withToken = await fetch(`${server.url}/api/v1/namespaces`, {
        headers: { Authorization: 'Bearer anything' },
      });
      expect(withToken.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
