// Ticket codes: compact JWS (ES256) signed by the booking service, verifiable offline by anyone
// holding the public key (docs/tickets.md, "Code format").
import { createHash, createPublicKey, KeyObject, type JsonWebKey } from 'node:crypto';
import { CompactSign, compactVerify, decodeProtectedHeader, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';
import { TICKET_TYPES, type TicketType } from './booking-states.ts';

export const TICKET_CODE_ALG = 'ES256';

/** The signed payload. Short claim names keep the QR image small (fewer modules, easier scans). */
export interface TicketClaims {
  /** Ticket id. */
  tid: string;
  /** Booking id. */
  bid: string;
  /** Showtime id. */
  sid: string;
  seat: string;
  /** Ticket type (adult, child, senior). */
  typ: TicketType;
  /** Issued at, seconds since the epoch. */
  iat: number;
}

export interface TicketToSign {
  ticketId: string;
  bookingId: string;
  showtimeId: string;
  seat: string;
  ticketType: TicketType;
}

/** What signs: a P-256 private key and its public JWK (extra members such as kid are ignored). */
export interface TicketSignerKey {
  privateKey: CryptoKey | KeyObject;
  publicJwk: JWK;
}

/** A public JWK as published: the EC members plus kid, alg and use. */
export type TicketPublicJwk = JWK & { kid: string; alg: 'ES256'; use: 'sig' };

export interface TicketSigner {
  sign(ticket: TicketToSign, issuedAt: Date): Promise<string>;
  /** The claims of a code this key signed; undefined for anything else. Never throws. */
  verify(code: string): Promise<TicketClaims | undefined>;
  publicJwks(): { keys: TicketPublicJwk[] };
}

/** Longer than any code we sign by far; anything longer is refused before parsing. */
export const MAX_TICKET_CODE_LENGTH = 2048;

const claimsSchema = z.object({
  tid: z.uuid(),
  bid: z.uuid(),
  sid: z.uuid(),
  seat: z.string().min(1).max(32),
  typ: z.enum(TICKET_TYPES),
  iat: z.number().int().nonnegative(),
});

/** The P-256 public members of a JWK, in the order RFC 7638 hashes them. */
function ecPublicMembers(jwk: JWK): { crv: 'P-256'; kty: 'EC'; x: string; y: string } {
  if (
    jwk.kty !== 'EC' ||
    jwk.crv !== 'P-256' ||
    typeof jwk.x !== 'string' ||
    typeof jwk.y !== 'string'
  ) {
    throw new Error('The ticket signing key must be a P-256 (ES256) key.');
  }
  return { crv: 'P-256', kty: 'EC', x: jwk.x, y: jwk.y };
}

/** RFC 7638 thumbprint (SHA-256, base64url) of a P-256 public JWK: a kid stable for the key. */
export function ticketKeyId(publicJwk: JWK): string {
  return createHash('sha256')
    .update(JSON.stringify(ecPublicMembers(publicJwk)))
    .digest('base64url');
}

export function createTicketSigner(key: TicketSignerKey): TicketSigner {
  const members = ecPublicMembers(key.publicJwk);
  const kid = ticketKeyId(members);
  const publicKey = createPublicKey({ key: members as JsonWebKey, format: 'jwk' });
  if (key.privateKey instanceof KeyObject) {
    // A mismatched pair would sign codes that nothing verifies; refuse it at start instead.
    const derived = createPublicKey(key.privateKey).export({ format: 'jwk' });
    if (derived.x !== members.x || derived.y !== members.y) {
      throw new Error('The ticket signing key does not match its public key.');
    }
  }
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  return {
    async sign(ticket, issuedAt) {
      const claims: TicketClaims = {
        tid: ticket.ticketId,
        bid: ticket.bookingId,
        sid: ticket.showtimeId,
        seat: ticket.seat,
        typ: ticket.ticketType,
        iat: Math.floor(issuedAt.getTime() / 1000),
      };
      return new CompactSign(encoder.encode(JSON.stringify(claims)))
        .setProtectedHeader({ alg: TICKET_CODE_ALG, kid })
        .sign(key.privateKey);
    },

    async verify(code) {
      try {
        if (typeof code !== 'string' || code.length > MAX_TICKET_CODE_LENGTH) return undefined;
        const header = decodeProtectedHeader(code);
        if (header.alg !== TICKET_CODE_ALG || header.kid !== kid) return undefined;
        const { payload } = await compactVerify(code, publicKey, {
          algorithms: [TICKET_CODE_ALG],
        });
        const parsed = claimsSchema.safeParse(JSON.parse(decoder.decode(payload)));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },

    publicJwks() {
      return { keys: [{ ...members, kid, alg: TICKET_CODE_ALG, use: 'sig' }] };
    },
  };
}
