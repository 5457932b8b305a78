// Tickets over HTTP on real PostgreSQL: issuing (idempotent), check-in and its every answer,
// 50 scans of one code racing, voiding, who may read a ticket and its QR image, the public key.
import { randomUUID } from 'node:crypto';
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violatedConstraint } from '@marquee/kit/db';
import { eq } from 'drizzle-orm';
import { tickets } from '../db/schema.ts';
import {
  findTicket,
  issueTickets,
  ticketsOfBooking,
  voidTickets,
} from '../db/tickets.repository.ts';
import { newTicketSigner, startTestTickets, type TestTickets } from './tickets.test-support.ts';

let t: TestTickets;
beforeAll(async () => {
  t = await startTestTickets({ poolMax: 20 });
});
afterAll(async () => {
  await t?.close();
});

describe('issuing tickets', () => {
  it('issues one signed ticket per seat, and the same ones again on a repeated call', async () => {
    const seeded = await t.seedBooking({ seats: ['C1', 'C2', 'C3'], ticketType: 'senior' });
    expect(seeded.tickets.map((row) => row.seat)).toEqual(['C1', 'C2', 'C3']);
    for (const row of seeded.tickets) {
      expect(await t.signer.verify(row.code)).toEqual({
        tid: row.id,
        bid: seeded.bookingId,
        sid: seeded.showtimeId,
        seat: row.seat,
        typ: 'senior',
        iat: Math.floor(t.clock.now().getTime() / 1000),
      });
    }
    t.clock.advance(60);
    const items = ['C3', 'C1', 'C2', 'C2'].map((seat) => ({ seat, ticketType: 'senior' as const }));
    const again = await t.db.transaction((tx) =>
      issueTickets(
        tx,
        { bookingId: seeded.bookingId, showtimeId: seeded.showtimeId, items, now: t.clock.now() },
        t.signer,
      ),
    );
    expect(again).toEqual(seeded.tickets);
    expect(await ticketsOfBooking(t.db, seeded.bookingId)).toEqual(seeded.tickets);
  });
});

describe('POST /api/tickets/check-in', () => {
  it('admits a ticket once, then answers already_used with when it was used', async () => {
    const { tickets: issued, showtimeId, bookingId } = await t.seedBooking({ seats: ['D4'] });
    const ticket = issued[0]!;
    const firstAt = t.clock.now().toISOString();
    const first = await t.checkIn({ code: ticket.code, showtimeId });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      result: 'valid',
      ticket: { id: ticket.id, seat: 'D4', ticketType: 'adult', showtimeId, bookingId },
      usedAt: firstAt,
    });
    expect((await findTicket(t.db, ticket.id))?.usedAt?.toISOString()).toBe(firstAt);

    t.clock.advance(90);
    const second = await t.checkIn({ code: ticket.code }, t.tokens.admin);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ result: 'already_used', usedAt: firstAt });
    expect(second.body.ticket.id).toBe(ticket.id);
    expect((await findTicket(t.db, ticket.id))?.usedAt?.toISOString()).toBe(firstAt);
  });

  it('admits exactly one of 50 simultaneous scans of one code', async () => {
    const { tickets: issued } = await t.seedBooking({ seats: ['E5'] });
    const code = issued[0]!.code;
    const replies = await Promise.all(Array.from({ length: 50 }, () => t.checkIn({ code })));
    expect(replies.every((reply) => reply.status === 200)).toBe(true);
    const results = replies.map((reply) => reply.body.result as string);
    expect(results.filter((r) => r === 'valid')).toHaveLength(1);
    expect(results.filter((r) => r === 'already_used')).toHaveLength(49);
    const usedAt = (await findTicket(t.db, issued[0]!.id))?.usedAt?.toISOString();
    expect(new Set(replies.map((reply) => reply.body.usedAt))).toEqual(new Set([usedAt]));
  });

  it('refuses a ticket for another showtime without using it', async () => {
    const { tickets: issued, showtimeId } = await t.seedBooking({ seats: ['F6'] });
    const code = issued[0]!.code;
    const reply = await t.checkIn({ code, showtimeId: randomUUID() });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ result: 'wrong_showtime', ticket: { showtimeId } });
    expect(reply.body.usedAt).toBeUndefined();
    expect((await findTicket(t.db, issued[0]!.id))?.usedAt).toBeNull();
    expect((await t.checkIn({ code, showtimeId })).body.result).toBe('valid');
  });

  it('answers void for the cancelled seats only', async () => {
    const seeded = await t.seedBooking({ seats: ['G1', 'G2'] });
    const [g1, g2] = seeded.tickets;
    t.clock.advance(10);
    const voided = await t.db.transaction((tx) =>
      voidTickets(tx, seeded.bookingId, ['G1'], t.clock.now()),
    );
    expect(voided.map((row) => row.id)).toEqual([g1!.id]);
    // Voiding again changes nothing (the first voidedAt stays).
    t.clock.advance(10);
    expect(await voidTickets(t.db, seeded.bookingId, ['G1'], t.clock.now())).toEqual([]);
    expect((await findTicket(t.db, g1!.id))?.voidedAt).toEqual(voided[0]!.voidedAt);

    const reply = await t.checkIn({ code: g1!.code, showtimeId: seeded.showtimeId });
    expect(reply.body).toMatchObject({ result: 'void', ticket: { id: g1!.id } });
    expect((await findTicket(t.db, g1!.id))?.usedAt).toBeNull();
    expect((await t.checkIn({ code: g2!.code })).body.result).toBe('valid');
  });

  it('answers invalid for codes it did not sign or does not know', async () => {
    const { tickets: issued, bookingId, showtimeId } = await t.seedBooking({ seats: ['H8'] });
    const code = issued[0]!.code;
    const tampered = code.slice(0, -3) + (code.endsWith('AAA') ? 'BBB' : 'AAA');
    const ticket = { bookingId, showtimeId, seat: 'H8', ticketType: 'adult' as const };
    const foreign = await newTicketSigner().sign(
      { ...ticket, ticketId: issued[0]!.id },
      new Date(),
    );
    // Signed with our key but never issued (no row).
    const unknown = await t.signer.sign({ ...ticket, ticketId: randomUUID() }, new Date());
    for (const candidate of [tampered, foreign, unknown, 'hello', 'a.b.c']) {
      const reply = await t.checkIn({ code: candidate });
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({ result: 'invalid' });
    }
    expect((await findTicket(t.db, issued[0]!.id))?.usedAt).toBeNull();
    // A scanner's trailing newline is not a different code.
    expect((await t.checkIn({ code: `${code}\n` })).body.result).toBe('valid');
  });

  it('answers 400 naming the field for a malformed body, and changes nothing', async () => {
    const { tickets: issued } = await t.seedBooking({ seats: ['J1'] });
    const cases: [unknown, string][] = [
      [{}, 'body.code'],
      [{ code: '' }, 'body.code'],
      [{ code: 42 }, 'body.code'],
      [{ code: issued[0]!.code, showtimeId: 'door 3' }, 'body.showtimeId'],
      [{ code: issued[0]!.code, seat: 'J1' }, 'body.seat'],
    ];
    for (const [body, field] of cases) {
      const reply = await t.checkIn(body);
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
      console.log(JSON.stringify(reply.body));
      expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await t.checkIn({ code: 42 })).body.errors[0].message).toContain('must be a string');
    const notJson = await fetch(`${t.url}/api/tickets/check-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.tokens.staff}` },
      body: `{"code": "${issued[0]!.code}"`,
    });
    expect(notJson.status).toBe(400);
    expect((await findTicket(t.db, issued[0]!.id))?.usedAt).toBeNull();
  });

  it('is for staff and admins only', async () => {
    const owner = await t.customer();
    const { tickets: issued } = await t.seedBooking({ seats: ['K1'], customerId: owner.id });
    const code = issued[0]!.code;
    expect((await t.checkIn({ code }, owner.token)).status).toBe(403);
    expect((await t.checkIn({ code }, t.tokens.service)).status).toBe(403);
    const anonymous = await t.call('POST', '/api/tickets/check-in', { body: { code } });
    expect(anonymous.status).toBe(401);
    expect((await findTicket(t.db, issued[0]!.id))?.usedAt).toBeNull();
  });
});

describe('GET /api/tickets/public-key', () => {
  it('publishes the JWKS, cacheable, that verifies codes offline', async () => {
    const { tickets: issued } = await t.seedBooking({ seats: ['L1'] });
    const reply = await t.call('GET', '/api/tickets/public-key');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(reply.body).toEqual(t.signer.publicJwks());
    expect(reply.body.keys[0]).not.toHaveProperty('d');
    const { payload } = await compactVerify(issued[0]!.code, createLocalJWKSet(reply.body), {
      algorithms: ['ES256'],
    });
    expect(JSON.parse(new TextDecoder().decode(payload)).tid).toBe(issued[0]!.id);
  });
});

describe('GET /api/tickets/{id} and its QR images', () => {
  it("shows the ticket to its booking's customer and to admins", async () => {
    const owner = await t.customer();
    const {
      tickets: issued,
      bookingId,
      showtimeId,
    } = await t.seedBooking({
      seats: ['M2'],
      customerId: owner.id,
    });
    const row = issued[0]!;
    const expected = {
      id: row.id,
      bookingId,
      showtimeId,
      seat: 'M2',
      ticketType: 'adult',
      code: row.code,
      issuedAt: row.issuedAt.toISOString(),
      usedAt: null,
      voidedAt: null,
    };
    const mine = await t.call('GET', `/api/tickets/${row.id}`, { token: owner.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual(expected);
    expect((await t.call('GET', `/api/tickets/${row.id}`, { token: t.tokens.admin })).body).toEqual(
      expected,
    );
    await t.checkIn({ code: row.code });
    const used = await t.call('GET', `/api/tickets/${row.id}`, { token: owner.token });
    expect(used.body.usedAt).toBe(t.clock.now().toISOString());
  });

  it('answers 404 to anyone else, for an unknown ticket, and 400 for a bad id', async () => {
    const { tickets: issued } = await t.seedBooking({ seats: ['N3'] });
    const stranger = await t.customer();
    const id = issued[0]!.id;
    for (const path of [
      `/api/tickets/${id}`,
      `/api/tickets/${id}/qr.png`,
      `/api/tickets/${id}/qr.svg`,
    ]) {
      expect((await t.call('GET', path, { token: stranger.token })).status).toBe(404);
      expect((await t.call('GET', path, { token: t.tokens.staff })).status).toBe(404);
      expect((await t.call('GET', path)).status).toBe(401);
    }
    const unknown = await t.call('GET', `/api/tickets/${randomUUID()}`, { token: t.tokens.admin });
    expect(unknown.status).toBe(404);
    expect((await t.call('GET', '/api/tickets/nope', { token: t.tokens.admin })).status).toBe(400);
  });

  it('serves the QR image as PNG and SVG to the owner, privately cacheable', async () => {
    const owner = await t.customer();
    const { tickets: issued } = await t.seedBooking({ seats: ['P1', 'P2'], customerId: owner.id });
    const [p1, p2] = issued;
    const png = await t.call('GET', `/api/tickets/${p1!.id}/qr.png`, { token: owner.token });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('cache-control')).toBe('private, max-age=86400');
    expect(png.bytes.subarray(1, 4).toString('ascii')).toBe('PNG');

    const svg = await t.call('GET', `/api/tickets/${p1!.id}/qr.svg`, { token: owner.token });
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(svg.headers.get('cache-control')).toBe('private, max-age=86400');
    expect(svg.bytes.toString('utf8')).toMatch(/^<svg [\s\S]*<\/svg>\s*$/);

    const other = await t.call('GET', `/api/tickets/${p2!.id}/qr.png`, { token: t.tokens.admin });
    expect(other.status).toBe(200);
    expect(other.bytes.equals(png.bytes)).toBe(false);
  });
});

describe('the tickets table', () => {
  it('holds one ticket per seat of a booking', async () => {
    const { bookingId, tickets: issued } = await t.seedBooking({ seats: ['Q1'] });
    const duplicate = { ...issued[0]!, id: randomUUID(), code: `${issued[0]!.code}x` };
    const err = await t.db
      .insert(tickets)
      .values(duplicate)
      .catch((e: unknown) => e);
    expect(violatedConstraint(err)).toBe('tickets_booking_seat_unique');
    expect(await t.db.select().from(tickets).where(eq(tickets.bookingId, bookingId))).toHaveLength(
      1,
    );
  });
});
