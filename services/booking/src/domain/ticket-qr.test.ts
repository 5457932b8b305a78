// QR images of ticket codes. No QR decoder is available offline, so these check the image
// formats, their size, and that each code gets its own image.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTicketSigner } from './ticket-codes.ts';
import { TICKET_QR_PNG_WIDTH, ticketQrPng, ticketQrSvg } from './ticket-qr.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signer = createTicketSigner({ privateKey, publicJwk: publicKey.export({ format: 'jwk' }) });
const newCode = () =>
  signer.sign(
    {
      ticketId: randomUUID(),
      bookingId: randomUUID(),
      showtimeId: randomUUID(),
      seat: 'K24',
      ticketType: 'senior',
    },
    new Date(),
  );

/** Width and height from the PNG's IHDR chunk (right after the signature and chunk header). */
function pngSize(png: Buffer) {
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The SVG's size in modules, from its viewBox. */
function svgModules(svg: string): number {
  const match = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
  expect(match).not.toBeNull();
  expect(match![1]).toBe(match![2]);
  return Number(match![1]);
}

describe('ticket QR images', () => {
  it('draws a square PNG of a fixed, printable width', async () => {
    const png = await ticketQrPng(await newCode());
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: TICKET_QR_PNG_WIDTH, height: TICKET_QR_PNG_WIDTH });
    expect(png.length).toBeGreaterThan(1_000);
    expect(png.length).toBeLessThan(100_000);
  });

  it('draws an SVG document sized for a signed code at error correction M', async () => {
    const svg = await ticketQrSvg(await newCode());
    expect(svg.trimStart()).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);
    // Version 17 at M holds up to 468 bytes; a code of about 400 characters lands near it. With
    // the 4-module quiet zone on each side: 17 * 4 + 17 + 8 = 93 modules. Much larger would mean
    // a higher correction level or a bloated code; much smaller, that the code was cut.
    const modules = svgModules(svg);
    expect(modules).toBeGreaterThanOrEqual(77);
    expect(modules).toBeLessThanOrEqual(97);
  });

  it('draws a different image for each code, and the same one for the same code', async () => {
    const [a, b] = [await newCode(), await newCode()];
    expect((await ticketQrPng(a)).equals(await ticketQrPng(b))).toBe(false);
    expect(await ticketQrSvg(a)).not.toBe(await ticketQrSvg(b));
    expect((await ticketQrPng(a)).equals(await ticketQrPng(a))).toBe(true);
    expect(await ticketQrSvg(a)).toBe(await ticketQrSvg(a));
  });

  it('uses error correction M: the symbol grows exactly where M runs out of room', async () => {
    // Version 1 holds 17 bytes at L, 14 at M, 11 at Q, 7 at H. So at M, 14 bytes fit version 1
    // (21 modules + 8 of quiet zone) and 15 need version 2 (25 + 8); L would keep 15 in version 1
    // and Q or H would need version 2 for 14.
    expect(svgModules(await ticketQrSvg('x'.repeat(14)))).toBe(29);
    expect(svgModules(await ticketQrSvg('x'.repeat(15)))).toBe(33);
  });
});
