// Ticket codes: what is signed, that only our untouched codes verify, and that a scanner holding
// only the published JWKS can verify them offline.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import {
  base64url,
  calculateJwkThumbprint,
  compactVerify,
  createLocalJWKSet,
  decodeProtectedHeader,
  SignJWT,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { createTicketSigner, type TicketToSign } from './ticket-codes.ts';

const newKey = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicJwk: publicKey.export({ format: 'jwk' }) };
};

const ticket = (): TicketToSign => ({
  ticketId: randomUUID(),
  bookingId: randomUUID(),
  showtimeId: randomUUID(),
  seat: 'F12',
  ticketType: 'child',
});
const issuedAt = new Date('2030-03-01T18:00:00.750Z');

/** The code with one character of its part `index` (0 header, 1 payload, 2 signature) changed. */
function tamper(code: string, index: number): string {
  const parts = code.split('.');
  const part = parts[index]!;
  const middle = Math.floor(part.length / 2);
  parts[index] =
    part.slice(0, middle) + (part[middle] === 'A' ? 'B' : 'A') + part.slice(middle + 1);
  return parts.join('.');
}

describe('createTicketSigner', () => {
  it('signs the short claims and verifies them back', async () => {
    const signer = createTicketSigner(newKey());
    const t = ticket();
    const code = await signer.sign(t, issuedAt);
    expect(code.split('.')).toHaveLength(3);
    expect(await signer.verify(code)).toEqual({
      tid: t.ticketId,
      bid: t.bookingId,
      sid: t.showtimeId,
      seat: 'F12',
      typ: 'child',
      iat: Math.floor(issuedAt.getTime() / 1000),
    });
    // Short enough for a QR symbol a phone scans at arm's length.
    expect(code.length).toBeLessThan(450);
  });

  it('names its key by the RFC 7638 thumbprint and publishes only public members', async () => {
    const key = newKey();
    const signer = createTicketSigner(key);
    const code = await signer.sign(ticket(), issuedAt);
    const thumbprint = await calculateJwkThumbprint(key.publicJwk, 'sha256');
    expect(decodeProtectedHeader(code)).toEqual({ alg: 'ES256', kid: thumbprint });
    const jwks = signer.publicJwks();
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: key.publicJwk.x,
      y: key.publicJwk.y,
      kid: thumbprint,
      alg: 'ES256',
      use: 'sig',
    });
    // The same key gives the same kid whatever else its JWK carries.
    expect(
      createTicketSigner({ ...key, publicJwk: { ...key.publicJwk, kid: 'x' } }).publicJwks(),
    ).toEqual(jwks);
  });

  it('verifies offline with nothing but the published JWKS', async () => {
    const signer = createTicketSigner(newKey());
    const t = ticket();
    const code = await signer.sign(t, issuedAt);
    const scanner = createLocalJWKSet(JSON.parse(JSON.stringify(signer.publicJwks())));
    const { payload } = await compactVerify(code, scanner, { algorithms: ['ES256'] });
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ tid: t.ticketId });
  });

  it('refuses a code changed in any part', async () => {
    const signer = createTicketSigner(newKey());
    const code = await signer.sign(ticket(), issuedAt);
    for (const part of [0, 1, 2]) expect(await signer.verify(tamper(code, part))).toBeUndefined();
    // A payload swapped for another ticket's, keeping the header and signature.
    const other = await signer.sign(ticket(), issuedAt);
    const [header, , signature] = code.split('.');
    expect(await signer.verify(`${header}.${other.split('.')[1]}.${signature}`)).toBeUndefined();
  });

  it('refuses codes signed by another key, even one claiming our kid', async () => {
    const ours = createTicketSigner(newKey());
    const theirs = createTicketSigner(newKey());
    const foreign = await theirs.sign(ticket(), issuedAt);
    expect(await ours.verify(foreign)).toBeUndefined();

    const kid = ours.publicJwks().keys[0]!.kid;
    const impostor = newKey();
    const claims = {
      tid: randomUUID(),
      bid: randomUUID(),
      sid: randomUUID(),
      seat: 'A1',
      typ: 'adult',
    };
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuedAt()
      .sign(impostor.privateKey);
    expect(await ours.verify(forged)).toBeUndefined();
  });

  it('refuses unsigned, symmetric and malformed codes without throwing', async () => {
    const signer = createTicketSigner(newKey());
    const kid = signer.publicJwks().keys[0]!.kid;
    const payload = base64url.encode(
      JSON.stringify({
        tid: randomUUID(),
        bid: randomUUID(),
        sid: randomUUID(),
        seat: 'A1',
        typ: 'adult',
        iat: 1,
      }),
    );
    const header = (h: object) => base64url.encode(JSON.stringify(h));
    const hs256 = await new SignJWT({ tid: randomUUID() })
      .setProtectedHeader({ alg: 'HS256', kid })
      .sign(new TextEncoder().encode('a shared secret of sufficient length!!'));
    const candidates = [
      '',
      'not a code',
      'a.b.c',
      '..',
      `${header({ alg: 'none', kid })}.${payload}.`,
      `${header({ alg: 'ES256', kid })}.${payload}.`,
      hs256,
      'x'.repeat(100_000),
      `${header({ alg: 'ES256', kid })}.${payload}.${'A'.repeat(86)}`,
    ];
    for (const code of candidates) await expect(signer.verify(code)).resolves.toBeUndefined();
    await expect(signer.verify(undefined as unknown as string)).resolves.toBeUndefined();
  });

  it('refuses a payload that is not a ticket, even when properly signed', async () => {
    const key = newKey();
    const signer = createTicketSigner(key);
    const kid = signer.publicJwks().keys[0]!.kid;
    const notATicket = await new SignJWT({ sub: 'someone', role: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid })
      .setIssuedAt()
      .sign(key.privateKey);
    expect(await signer.verify(notATicket)).toBeUndefined();
  });

  it('will not start with a key that is not P-256 or does not match its public half', () => {
    const ed = generateKeyPairSync('ed25519');
    expect(() =>
      createTicketSigner({
        privateKey: ed.privateKey,
        publicJwk: ed.publicKey.export({ format: 'jwk' }),
      }),
    ).toThrow('P-256');
    expect(() =>
      createTicketSigner({ privateKey: newKey().privateKey, publicJwk: newKey().publicJwk }),
    ).toThrow('does not match');
  });
});
