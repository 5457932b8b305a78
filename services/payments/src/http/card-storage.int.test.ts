// No card number or CVC is kept anywhere: after payments of every kind (and refunds, replays and
// refusals), every row of every table in the database is read and searched for them.
import { queryRows } from '@marquee/kit/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chargeBody, startTestPayments, type TestPayments } from './payments.test-support.ts';

let payments: TestPayments;
beforeAll(async () => {
  payments = await startTestPayments();
});
afterAll(async () => payments?.close());

const CARDS = [
  { number: '4242 4242 4242 4242', cvc: '987' },
  { number: '5555 5555 5555 4444', cvc: '986' },
  { number: '3782 822463 10005', cvc: '7373' },
  { number: '4000 0000 0000 0002', cvc: '985' },
  { number: '4000 0000 0000 9995', cvc: '984' },
  { number: '4000 0000 0000 0119', cvc: '983' },
  { number: '4000 0000 0000 3063', cvc: '982' },
];

describe('card data at rest', () => {
  it('keeps neither the number nor the CVC in any row of any table', async () => {
    for (const card of CARDS) {
      const body = chargeBody(card.number);
      const withCard = { ...body, card: { ...body.card, cvc: card.cvc } };
      const reply = await payments.charge(withCard, `key-${card.cvc}`);
      await payments.charge(withCard, `key-${card.cvc}`);
      if (reply.status === 201) await payments.refund(reply.body.id, { amount: 100 });
      // Refused before anything is stored, but it must not leave a trace either.
      await payments.charge({ ...withCard, card: { ...withCard.card, expYear: 2020 } });
    }
    await payments.settle();

    const tables = await queryRows<{ schema: string; name: string }>(
      payments.db,
      sql`SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
          WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
            AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'payments',
        'refunds',
        'idempotency_keys',
        'outbox',
        'provider_charges',
      ]),
    );
    let rowsRead = 0;
    for (const table of tables) {
      const rows = await queryRows<{ row: Record<string, unknown> }>(
        payments.db,
        sql`SELECT to_jsonb(t) AS row FROM ${sql.identifier(table.schema)}.${sql.identifier(table.name)} t`,
      );
      for (const { row } of rows) {
        rowsRead++;
        const text = JSON.stringify(row);
        const values = Object.values(row).map((v) =>
          typeof v === 'string' ? v : JSON.stringify(v),
        );
        for (const card of CARDS) {
          const digits = card.number.replace(/ /g, '');
          expect(text, `${table.name} holds a card number`).not.toContain(digits);
          expect(text, `${table.name} holds a card number`).not.toContain(card.number);
          // A CVC is short: look for it as a whole value, as a JSON string, or under a cvc key.
          expect(values, `${table.name} holds a CVC`).not.toContain(card.cvc);
          expect(text, `${table.name} holds a CVC`).not.toContain(`"${card.cvc}"`);
        }
        expect(text.toLowerCase(), `${table.name} mentions a cvc`).not.toContain('cvc');
      }
    }
    expect(rowsRead).toBeGreaterThan(30);
  });
});
