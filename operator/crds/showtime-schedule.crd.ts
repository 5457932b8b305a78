// The ShowtimeSchedule custom resource: a recurring plan (times of day on days of the week over a
// date range) from which the operator creates and owns child Showtimes.
import { conditionsSchema } from './conditions.schema.ts';
import type { CustomResourceDefinition, JSONSchemaProps } from './crd-types.ts';
import {
  countField,
  dateField,
  dateTimeField,
  deletionPolicyField,
  observedGenerationField,
  resourceRoot,
  uuidField,
} from './fields.schema.ts';
import {
  CINEMA_GROUP,
  CINEMA_VERSION,
  COMMON_LABELS,
  MAX_SCHEDULE_NAME_LENGTH,
  SCHEDULE_LABEL,
} from './names.ts';
import { priceTableSchema } from './price-table.schema.ts';

export const DAYS_OF_WEEK = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const spec: JSONSchemaProps = {
  type: 'object',
  description:
    'The plan: which movie, where, at what local times, on which days, between which dates.',
  required: [
    'movieId',
    'theaterId',
    'screenId',
    'timesOfDay',
    'daysOfWeek',
    'from',
    'until',
    'timeZone',
    'priceTable',
  ],
  properties: {
    movieId: uuidField('The catalog id of the movie every child shows.'),
    theaterId: uuidField('The catalog id of the theater.'),
    screenId: uuidField('The catalog id of the screen every child is shown on.'),
    timesOfDay: {
      type: 'array',
      description:
        'Local start times (HH:MM, 24-hour) in timeZone. A time that does not exist on a day (a daylight-saving gap) is reported in status.unplaced.',
      minItems: 1,
      maxItems: 12,
      items: {
        type: 'string',
        pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
        description: 'A local start time, e.g. 18:30.',
      },
      'x-kubernetes-list-type': 'set',
    },
    daysOfWeek: {
      type: 'array',
      description: 'The days of the week with showings.',
      minItems: 1,
      maxItems: 7,
      items: {
        type: 'string',
        enum: [...DAYS_OF_WEEK],
        description: 'A day of the week: Mon, Tue, Wed, Thu, Fri, Sat or Sun.',
      },
      'x-kubernetes-list-type': 'set',
    },
    from: dateField('The first day of the schedule (YYYY-MM-DD, local to timeZone).'),
    until: dateField('The last day of the schedule, inclusive (YYYY-MM-DD, local to timeZone).'),
    timeZone: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$',
      description: "The theater's IANA time zone, e.g. Europe/Lisbon; timesOfDay are read in it.",
    },
    priceTable: priceTableSchema,
    salesOpenDaysBefore: {
      type: 'integer',
      format: 'int32',
      minimum: 0,
      maximum: 365,
      description:
        'Sales of each child open this many days before it starts. Omitted: on sale as soon as it is created.',
    },
    deletionPolicy: deletionPolicyField(
      'Copied to every child Showtime: Block (default) keeps a child with sold tickets until its show has passed; Cancel cancels and refunds it.',
    ),
  },
  'x-kubernetes-validations': [
    {
      rule: 'self.from <= self.until',
      message: 'until must not be before from',
      fieldPath: '.until',
    },
    {
      rule: "self.until - self.from <= duration('8760h')",
      message: 'a schedule covers at most 366 days (until at most 365 days after from)',
      fieldPath: '.until',
    },
  ],
};

const unplacedItem: JSONSchemaProps = {
  type: 'object',
  description: 'A planned showing the operator could not place.',
  required: ['startsAt', 'reason'],
  properties: {
    startsAt: dateTimeField('When the showing would have started.'),
    reason: {
      type: 'string',
      description: 'Why, in CamelCase: ScheduleConflict, LayoutNotFound, NonexistentLocalTime...',
    },
    message: { type: 'string', description: 'Details for a person.' },
  },
};

const status: JSONSchemaProps = {
  type: 'object',
  description: 'What the operator last observed; written by the operator only.',
  properties: {
    observedGeneration: observedGenerationField,
    created: countField('How many child Showtimes this schedule owns.'),
    next: dateTimeField('When the next child showing starts.'),
    unplaced: {
      type: 'array',
      description:
        'Planned showings that have no Ready child, and why (at most 100 listed; the oldest first).',
      maxItems: 100,
      items: unplacedItem,
      'x-kubernetes-list-type': 'atomic',
    },
    conditions: conditionsSchema,
  },
};

export const showtimeScheduleCrd: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `showtimeschedules.${CINEMA_GROUP}`, labels: { ...COMMON_LABELS } },
  spec: {
    group: CINEMA_GROUP,
    names: {
      kind: 'ShowtimeSchedule',
      listKind: 'ShowtimeScheduleList',
      plural: 'showtimeschedules',
      singular: 'showtimeschedule',
      shortNames: ['shs'],
      categories: ['marquee'],
    },
    scope: 'Namespaced',
    versions: [
      {
        name: CINEMA_VERSION,
        served: true,
        storage: true,
        subresources: { status: {} },
        // Date columns print the past only (a future `date` shows as <invalid>), hence strings.
        additionalPrinterColumns: [
          { name: 'Movie', type: 'string', jsonPath: '.spec.movieId' },
          { name: 'Screen', type: 'string', jsonPath: '.spec.screenId' },
          { name: 'From', type: 'string', jsonPath: '.spec.from' },
          { name: 'Until', type: 'string', jsonPath: '.spec.until' },
          { name: 'Created', type: 'integer', jsonPath: '.status.created' },
          { name: 'Next', type: 'string', jsonPath: '.status.next' },
          {
            name: 'Ready',
            type: 'string',
            jsonPath: '.status.conditions[?(@.type=="Ready")].status',
          },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
        schema: {
          openAPIV3Schema: resourceRoot(
            'ShowtimeSchedule is a recurring plan of showings. The operator creates a child Showtime named <schedule>-<yyyymmdd>-<hhmm> for each planned showing, owned by the schedule and labelled cinema.marquee.dev/schedule, and reports how many it created, the next one and any it could not place.',
            spec,
            status,
            [
              {
                rule: `self.metadata.name.size() <= ${MAX_SCHEDULE_NAME_LENGTH}`,
                message: `metadata.name is the value of the children's ${SCHEDULE_LABEL} label, so at most ${MAX_SCHEDULE_NAME_LENGTH} characters`,
              },
            ],
          ),
        },
      },
    ],
  },
};
