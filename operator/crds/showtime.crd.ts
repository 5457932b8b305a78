// The Showtime custom resource: one showing of a movie on a screen, declared by a platform
// engineer and kept in step with the showtimes service's inventory by the operator.
import { conditionsSchema } from './conditions.schema.ts';
import type { CustomResourceDefinition, JSONSchemaProps } from './crd-types.ts';
import {
  countField,
  dateTimeField,
  deletionPolicyField,
  observedGenerationField,
  resourceRoot,
  uuidField,
} from './fields.schema.ts';
import { CINEMA_GROUP, CINEMA_VERSION, COMMON_LABELS } from './names.ts';
import { priceTableSchema } from './price-table.schema.ts';

const salesWindow: JSONSchemaProps = {
  type: 'object',
  description:
    'When tickets are on sale. Without it sales open at once and close when the showtime starts.',
  properties: {
    opensAt: dateTimeField('When sales open (RFC 3339). Omitted: on sale at once.'),
    closesAt: dateTimeField(
      'When sales close (RFC 3339), no later than startsAt. Omitted: at startsAt.',
    ),
  },
  'x-kubernetes-validations': [
    {
      rule: '!has(self.opensAt) || !has(self.closesAt) || self.opensAt < self.closesAt',
      message: 'salesWindow.opensAt must be before salesWindow.closesAt',
      fieldPath: '.opensAt',
    },
  ],
};

const spec: JSONSchemaProps = {
  type: 'object',
  description: 'The showtime as the cinema plans it.',
  required: ['movieId', 'theaterId', 'screenId', 'startsAt', 'priceTable'],
  properties: {
    movieId: uuidField('The catalog id of the movie shown.'),
    theaterId: uuidField('The catalog id of the theater.'),
    screenId: uuidField(
      "The catalog id of the screen; its current seat layout becomes the showtime's inventory. Moving a showtime with sold seats to another screen is refused (condition reason ScreenChangeRefused).",
    ),
    startsAt: dateTimeField(
      'When the showing begins (RFC 3339 with an offset, e.g. 2030-03-05T19:30:00Z); it ends after the runtime and the cleaning.',
    ),
    priceTable: priceTableSchema,
    salesWindow,
    cancelled: {
      type: 'boolean',
      default: false,
      description:
        'true cancels the showtime: sales stop and every booking is refunded. A cancelled showtime cannot be reinstated; create a new one.',
      'x-kubernetes-validations': [
        {
          rule: '!oldSelf || self',
          message: 'a cancelled showtime cannot be reinstated; create a new Showtime instead',
          reason: 'FieldValueForbidden',
        },
      ],
    },
    deletionPolicy: deletionPolicyField(
      'What deleting the resource does. Block (default): deletion waits while sold tickets exist and the show has not passed (condition reason BlockedBySales). Cancel: the showtime is cancelled and everyone refunded, then the resource goes.',
    ),
  },
  'x-kubernetes-validations': [
    {
      rule: '!has(self.salesWindow) || !has(self.salesWindow.closesAt) || self.salesWindow.closesAt <= self.startsAt',
      message: 'salesWindow.closesAt must not be after startsAt',
      fieldPath: '.salesWindow.closesAt',
    },
    {
      rule: '!has(self.salesWindow) || !has(self.salesWindow.opensAt) || self.salesWindow.opensAt < self.startsAt',
      message: 'salesWindow.opensAt must be before startsAt',
      fieldPath: '.salesWindow.opensAt',
    },
  ],
};

const status: JSONSchemaProps = {
  type: 'object',
  description: 'What the operator last observed; written by the operator only.',
  properties: {
    observedGeneration: observedGenerationField,
    showtimeId: uuidField(
      "The showtime's id in the showtimes service (this resource's metadata.uid).",
    ),
    movieTitle: { type: 'string', description: "The movie's title, from the catalog." },
    screenName: { type: 'string', description: "The screen's name, from the catalog." },
    startsAt: dateTimeField('When the showing begins, as the showtimes service holds it.'),
    endsAt: dateTimeField('When the screen is free again (runtime plus cleaning).'),
    phase: {
      type: 'string',
      enum: ['Scheduled', 'Cancelled', 'Deleting'],
      description:
        'A one-word summary for printing; read the conditions for decisions. Scheduled, Cancelled or Deleting.',
    },
    seats: {
      type: 'object',
      description: 'Seat counts of the inventory; per-seat state stays in the showtimes service.',
      properties: {
        total: countField('Seats in the layout.'),
        available: countField('Seats that can be held now.'),
        held: countField('Seats held for a checkout that has not completed.'),
        sold: countField('Seats sold.'),
      },
    },
    lastSyncedAt: dateTimeField(
      'When the seat counts were last read; refreshed on a bounded period.',
    ),
    conditions: conditionsSchema,
  },
};

export const showtimeCrd: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `showtimes.${CINEMA_GROUP}`, labels: { ...COMMON_LABELS } },
  spec: {
    group: CINEMA_GROUP,
    names: {
      kind: 'Showtime',
      listKind: 'ShowtimeList',
      plural: 'showtimes',
      singular: 'showtime',
      shortNames: ['shw'],
      categories: ['marquee'],
    },
    scope: 'Namespaced',
    versions: [
      {
        name: CINEMA_VERSION,
        served: true,
        storage: true,
        subresources: { status: {} },
        // Starts is a string column on purpose: kubectl prints a future `date` as <invalid>.
        additionalPrinterColumns: [
          { name: 'Movie', type: 'string', jsonPath: '.status.movieTitle' },
          { name: 'Screen', type: 'string', jsonPath: '.status.screenName' },
          { name: 'Starts', type: 'string', jsonPath: '.spec.startsAt' },
          { name: 'Available', type: 'integer', jsonPath: '.status.seats.available' },
          { name: 'Sold', type: 'integer', jsonPath: '.status.seats.sold' },
          {
            name: 'Ready',
            type: 'string',
            jsonPath: '.status.conditions[?(@.type=="Ready")].status',
          },
          {
            name: 'Reason',
            type: 'string',
            jsonPath: '.status.conditions[?(@.type=="Ready")].reason',
            priority: 1,
          },
          { name: 'Phase', type: 'string', jsonPath: '.status.phase', priority: 1 },
          { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
        ],
        schema: {
          openAPIV3Schema: resourceRoot(
            'Showtime is one showing of a movie on a screen at a time, with its prices. The operator provisions its seat inventory in the showtimes service and reports seat counts and conditions in status.',
            spec,
            status,
          ),
        },
      },
    ],
  },
};
