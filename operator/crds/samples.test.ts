// The samples in k8s/samples/ are valid custom resources (schema and CEL rules, unknown fields
// rejected), and each CEL rule and enum of the CRDs refuses a sample altered to break it.
import { describe, expect, it } from 'vitest';
import { compileCelRules } from './cel.ts';
import { createCustomResourceValidator } from './crd-validator.ts';
import type { FieldError } from './crd-validator.ts';
import { CRDS, MAX_SCHEDULE_NAME_LENGTH, showtimeCrd, showtimeScheduleCrd } from './index.ts';
import { loadManifests } from './manifests.test-support.ts';
import { K8S_DIR } from './manifests.test-support.ts';

type Resource = {
  metadata: { name: string; [key: string]: unknown };
  spec: Record<string, unknown> & { salesWindow?: Record<string, string> };
};

const samples = await loadManifests(`${K8S_DIR}samples/`);
const showtimes = createCustomResourceValidator(showtimeCrd);
const schedules = createCustomResourceValidator(showtimeScheduleCrd);
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function sample(predicate: (doc: Resource & { kind?: string }) => boolean): Resource {
  const found = samples.find((m) => predicate(m.doc as Resource & { kind?: string }));
  if (!found) throw new Error('no such sample');
  return structuredClone(found.doc) as Resource;
}
const showtime = () => sample((d) => d.kind === 'Showtime' && d.spec.deletionPolicy === 'Block');
const schedule = () => sample((d) => d.kind === 'ShowtimeSchedule');

/** Errors that name a rule; the broken rules are gathered to check every rule has a case. */
const brokenRules = new Set<string>();
function ruleErrors(errors: FieldError[]): FieldError[] {
  for (const error of errors) if ('rule' in error) brokenRules.add(String(error.rule));
  return errors;
}

describe('k8s/samples', () => {
  it.each(samples.map((m) => [m.where, m] as const))(
    '%s is valid against its CRD',
    (_where, manifest) => {
      const crd = CRDS.find((c) => c.spec.names.kind === manifest.doc.kind);
      expect(crd, String(manifest.doc.kind)).toBeDefined();
      const validator = manifest.doc.kind === 'Showtime' ? showtimes : schedules;
      expect(validator.validate(structuredClone(manifest.doc))).toEqual([]);
      const { name } = manifest.doc.metadata as { name: string };
      expect(name.length).toBeLessThanOrEqual(253);
      expect(name).toMatch(DNS_SUBDOMAIN);
    },
  );

  it('has a Showtime, a Cancel-policy Showtime and a month-long Thu-Sun schedule twice a day', () => {
    expect(showtime().spec).toMatchObject({ deletionPolicy: 'Block' });
    expect(
      sample((d) => d.kind === 'Showtime' && d.spec.deletionPolicy === 'Cancel'),
    ).toBeDefined();
    const plan = schedule();
    expect(plan.spec).toMatchObject({
      daysOfWeek: ['Thu', 'Fri', 'Sat', 'Sun'],
      from: '2030-03-01',
      until: '2030-03-31',
    });
    expect(plan.spec.timesOfDay).toHaveLength(2);
    expect(plan.metadata.name.length).toBeLessThanOrEqual(MAX_SCHEDULE_NAME_LENGTH);
  });

  it('gets the defaults the API server would apply', () => {
    const defaulting = createCustomResourceValidator(showtimeCrd, { applyDefaults: true });
    const bare = showtime();
    delete bare.spec.deletionPolicy;
    expect(defaulting.validate(bare)).toEqual([]);
    expect(bare.spec).toMatchObject({ cancelled: false, deletionPolicy: 'Block' });
  });
});

describe('Showtime rules', () => {
  it('refuses a sales window that opens after it closes', () => {
    const doc = showtime();
    doc.spec.salesWindow = { opensAt: '2030-03-01T10:00:00Z', closesAt: '2030-02-28T10:00:00Z' };
    expect(ruleErrors(showtimes.validate(doc))).toEqual([
      expect.objectContaining({
        field: 'spec.salesWindow.opensAt',
        message: 'salesWindow.opensAt must be before salesWindow.closesAt',
      }),
    ]);
  });

  it('refuses sales that close after the start, comparing instants rather than text', () => {
    const late = showtime();
    late.spec.salesWindow = { closesAt: '2030-03-05T19:31:00Z' };
    expect(ruleErrors(showtimes.validate(late))).toEqual([
      expect.objectContaining({
        field: 'spec.salesWindow.closesAt',
        message: 'salesWindow.closesAt must not be after startsAt',
      }),
    ]);
    // 20:00+01:00 is 19:00Z, before the 19:30Z start, although it sorts after it as text.
    const offset = showtime();
    offset.spec.salesWindow = { closesAt: '2030-03-05T20:00:00+01:00' };
    expect(showtimes.validate(offset)).toEqual([]);
  });

  it('refuses sales that open after the start when no closing time is given', () => {
    const doc = showtime();
    doc.spec.salesWindow = { opensAt: '2030-03-06T10:00:00Z' };
    expect(ruleErrors(showtimes.validate(doc))).toEqual([
      expect.objectContaining({
        field: 'spec.salesWindow.opensAt',
        message: 'salesWindow.opensAt must be before startsAt',
      }),
    ]);
  });

  it('lets a showtime be cancelled but never reinstated', () => {
    const active = showtime();
    active.spec.cancelled = false;
    const cancelled = showtime();
    cancelled.spec.cancelled = true;
    expect(showtimes.validate(cancelled, active)).toEqual([]);
    expect(showtimes.validate(cancelled, cancelled)).toEqual([]);
    expect(ruleErrors(showtimes.validate(active, cancelled))).toEqual([
      expect.objectContaining({ field: 'spec.cancelled', reason: 'FieldValueForbidden' }),
    ]);
    // A transition rule has no old value on create.
    expect(showtimes.validate(active)).toEqual([]);
  });

  it('refuses a reinstatement that just drops the field, as defaulting puts false back', () => {
    const defaulting = createCustomResourceValidator(showtimeCrd, { applyDefaults: true });
    const cancelled = showtime();
    cancelled.spec.cancelled = true;
    const dropped = showtime();
    delete dropped.spec.cancelled;
    expect(defaulting.validate(dropped, cancelled)).toEqual([
      expect.objectContaining({ field: 'spec.cancelled', reason: 'FieldValueForbidden' }),
    ]);
  });

  it.each([
    ['deletionPolicy', 'Delete', 'FieldValueNotSupported'],
    ['startsAt', 'next Tuesday', 'FieldValueInvalid'],
    ['screenId', 'screen-1', 'FieldValueInvalid'],
    ['cancelled', 'yes', 'FieldValueTypeInvalid'],
    ['screenName', 'Screen 1', 'FieldValueInvalid'],
  ])('refuses spec.%s: %j', (field, value, reason) => {
    const doc = showtime();
    doc.spec[field] = value;
    expect(showtimes.validate(doc)).toEqual([
      expect.objectContaining({ field: `spec.${field}`, reason }),
    ]);
  });

  it('refuses a Showtime without a start', () => {
    const doc = showtime();
    delete doc.spec.startsAt;
    expect(showtimes.validate(doc)).toEqual([
      { field: 'spec.startsAt', reason: 'FieldValueRequired', message: 'Required value' },
    ]);
  });
});

describe('ShowtimeSchedule rules', () => {
  it('refuses an until before from', () => {
    const doc = schedule();
    doc.spec.until = '2030-02-28';
    expect(ruleErrors(schedules.validate(doc))).toEqual([
      expect.objectContaining({ field: 'spec.until', message: 'until must not be before from' }),
    ]);
  });

  it('refuses a plan longer than a year but takes exactly 366 days', () => {
    const long = schedule();
    long.spec.until = '2031-03-02';
    expect(ruleErrors(schedules.validate(long))).toEqual([
      expect.objectContaining({
        field: 'spec.until',
        message: expect.stringContaining('at most 366 days'),
      }),
    ]);
    const year = schedule();
    year.spec.until = '2031-03-01';
    expect(schedules.validate(year)).toEqual([]);
  });

  it('refuses a name too long to be the children label value', () => {
    const doc = schedule();
    doc.metadata.name = 'a'.repeat(MAX_SCHEDULE_NAME_LENGTH + 1);
    expect(ruleErrors(schedules.validate(doc))).toEqual([
      expect.objectContaining({
        field: '',
        message: expect.stringContaining('at most 63 characters'),
      }),
    ]);
  });

  it.each([
    ['daysOfWeek', ['Thu', 'Monday'], 'spec.daysOfWeek[1]', 'FieldValueNotSupported'],
    ['daysOfWeek', ['Thu', 'Thu'], 'spec.daysOfWeek[1]', 'FieldValueDuplicate'],
    ['timesOfDay', ['18:30', '24:00'], 'spec.timesOfDay[1]', 'FieldValueInvalid'],
    ['timesOfDay', [], 'spec.timesOfDay', 'FieldValueInvalid'],
    ['from', '2030-03-01T00:00:00Z', 'spec.from', 'FieldValueInvalid'],
    ['deletionPolicy', 'Orphan', 'spec.deletionPolicy', 'FieldValueNotSupported'],
    ['salesOpenDaysBefore', 400, 'spec.salesOpenDaysBefore', 'FieldValueInvalid'],
  ])('refuses spec.%s = %j', (key, value, field, reason) => {
    const doc = schedule();
    doc.spec[key] = value;
    expect(schedules.validate(doc)).toEqual([expect.objectContaining({ field, reason })]);
  });
});

describe('coverage of the negative cases', () => {
  it('breaks every CEL rule of both CRDs at least once', () => {
    const all = CRDS.flatMap((crd) =>
      crd.spec.versions.flatMap((v) =>
        compileCelRules(v.schema.openAPIV3Schema).rules.map((r) => r.rule.rule),
      ),
    );
    expect(all.length).toBe(7);
    expect([...brokenRules].sort()).toEqual([...new Set(all)].sort());
  });
});
