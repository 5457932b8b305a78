// Reading payments: one by id, or a page filtered by reference and status, newest first, paged by
// an opaque cursor over (created_at, id) so pages hold still while new payments arrive.
import type { ListPaymentsQuery, Payment, PaymentPage } from '@marquee/contracts/payments';
import type { Database } from '@marquee/kit/db';
import { invalidInput, notFound } from '@marquee/kit/errors';
import { createPaymentsRepository } from '../db/payments.repository.ts';
import type { PaymentRow } from '../db/schema.ts';
import { toPayment } from './payment-view.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const encodeCursor = (row: Pick<PaymentRow, 'createdAt' | 'id'>) =>
  Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (rest.length > 0 || !id || !UUID.test(id) || Number.isNaN(createdAt.getTime())) {
    throw invalidInput('query.cursor is not a cursor this service gave out.', [
      { field: 'query.cursor', message: 'is not a cursor this service gave out' },
    ]);
  }
  return { createdAt, id };
}

export function createPaymentsReader(db: Database) {
  const repository = createPaymentsRepository(db);

  async function withRefunds(rows: PaymentRow[]): Promise<Payment[]> {
    const refunds = await repository.succeededRefundsOf(rows.map((r) => r.id));
    return rows.map((row) => toPayment(row, refunds.get(row.id) ?? []));
  }

  return {
    async get(id: string): Promise<Payment> {
      const row = await repository.findById(id);
      if (!row) throw notFound('No such payment.');
      const [payment] = await withRefunds([row]);
      return payment as Payment;
    },

    async list(query: ListPaymentsQuery): Promise<PaymentPage> {
      const rows = await repository.list({
        reference: query.reference,
        status: query.status,
        after: query.cursor ? decodeCursor(query.cursor) : undefined,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: await withRefunds(page),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
      };
    },
  };
}

export type PaymentsReader = ReturnType<typeof createPaymentsReader>;
