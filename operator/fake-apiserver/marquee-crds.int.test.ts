// The Marquee CRDs (k8s/crds/*.yaml) loaded into the fake: established, discoverable, and their
// schema defaults and CEL rules enforced as a real API server would.
import { fileURLToPath } from 'node:url';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, startHarness, type Harness } from './widgets.test-support.ts';

const crdFile = (name: string) =>
  fileURLToPath(new URL(`../../k8s/crds/${name}.cinema.marquee.dev.yaml`, import.meta.url));
const group = 'cinema.marquee.dev';
const version = 'v1alpha1';
const ns = 'default';
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ crds: [crdFile('showtimes'), crdFile('showtimeschedules')] });
});
afterAll(async () => {
  await h.server.close();
});

const band = { adult: 900, child: 650, senior: 700 };
const priceTable = {
  currency: 'EUR',
  prices: { standard: band, premium: band, wheelchair: band, companion: band },
};
const ids = {
  movieId: '6f1c7c1e-8d8a-4a55-9c0e-0b8f0d7c1a01',
  theaterId: '6f1c7c1e-8d8a-4a55-9c0e-0b8f0d7c1a02',
  screenId: '6f1c7c1e-8d8a-4a55-9c0e-0b8f0d7c1a03',
};
const showtime = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: `${group}/${version}`,
  kind: 'Showtime',
  metadata: { name, namespace: ns },
  spec: { ...ids, startsAt: '2030-03-05T19:30:00Z', priceTable, ...spec },
});
const createShowtime = (body: object) =>
  h.custom.createNamespacedCustomObject({
    group,
    version,
    namespace: ns,
    plural: 'showtimes',
    body,
  });
const causesOf = (body: Record<string, unknown>) =>
  (body.details as { causes: { field: string; message: string }[] }).causes;

describe('Marquee CRDs in the fake', () => {
  it('are established and discoverable with their short names and status subresources', async () => {
    const list = (await (await fetch(`${h.server.url}/apis/${group}/${version}`)).json()) as {
      resources: { name: string; shortNames?: string[] }[];
    };
    const byName = Object.fromEntries(list.resources.map((r) => [r.name, r]));
    expect(byName.showtimes?.shortNames).toEqual(['shw']);
    expect(byName.showtimeschedules?.shortNames).toEqual(['shs']);
    expect(byName['showtimes/status']).toBeDefined();
    expect(byName['showtimeschedules/status']).toBeDefined();
  });

  it('default a Showtime and accept it', async () => {
    const created = await createShowtime(showtime('paper-comets'));
    expect(created.spec.deletionPolicy).toBe('Block');
    expect(created.metadata.generation).toBe(1);
  });

  it('refuse a sales window that closes after the show starts, naming the field', async () => {
    const { code, body } = await failure(
      createShowtime(
        showtime('late-window', { salesWindow: { closesAt: '2030-03-06T00:00:00Z' } }),
      ),
    );
    expect(code).toBe(422);
    expect(causesOf(body).map((c) => c.field)).toContain('spec.salesWindow.closesAt');
  });

  it('refuse reinstating a cancelled Showtime (transition rule)', async () => {
    await createShowtime(showtime('cancelled-once', { cancelled: true }));
    const { code } = await failure(
      h.custom.patchNamespacedCustomObject(
        {
          group,
          version,
          namespace: ns,
          plural: 'showtimes',
          name: 'cancelled-once',
          body: { spec: { cancelled: false } },
        },
        merge,
      ),
    );
    expect(code).toBe(422);
  });

  it('refuse a ShowtimeSchedule whose range ends before it starts', async () => {
    const spec = {
      ...ids,
      timesOfDay: ['18:30'],
      daysOfWeek: ['Fri'],
      from: '2030-03-31',
      until: '2030-03-01',
      timeZone: 'Europe/Lisbon',
      priceTable,
    };
    const body = {
      apiVersion: `${group}/${version}`,
      kind: 'ShowtimeSchedule',
      metadata: { name: 'backwards', namespace: ns },
      spec,
    };
    const { code } = await failure(
      h.custom.createNamespacedCustomObject({
        group,
        version,
        namespace: ns,
        plural: 'showtimeschedules',
        body,
      }),
    );
    expect(code).toBe(422);
    const ok = await h.custom.createNamespacedCustomObject({
      group,
      version,
      namespace: ns,
      plural: 'showtimeschedules',
      body: {
        ...body,
        metadata: { name: 'march', namespace: ns },
        spec: { ...spec, from: '2030-03-01', until: '2030-03-31' },
      },
    });
    expect(ok.metadata.uid).toBeDefined();
  });

  it('evaluate every rule the CRDs declare (none skipped by the CEL library)', () => {
    expect(h.server.warnings.filter((w) => w.includes('CEL rule'))).toEqual([]);
  });
});
