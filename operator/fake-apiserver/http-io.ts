// Request bodies in, JSON and metav1.Status out.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ApiError, badRequest, unsupportedMediaType } from './status.ts';

/** The API server's own request size limit (3 MiB). */
const maxBody = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBody)
      throw new ApiError(
        413,
        'RequestEntityTooLarge',
        'Request entity too large: limit is 3145728',
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Decodes a POST/PUT body: JSON, or YAML as kubectl may send. */
export function decodeObject(text: string, contentType: string | undefined): unknown {
  const type = (contentType ?? 'application/json').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/yaml' || type === 'application/x-yaml') {
    try {
      return parseYaml(text) as unknown;
    } catch (err) {
      throw badRequest(`error decoding YAML: ${(err as Error).message}`);
    }
  }
  if (type !== 'application/json' && type !== '*/*' && type !== '') {
    throw unsupportedMediaType(
      `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
    );
  }
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  warnings: readonly string[] = [],
): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | string[]> = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
  };
  // Header values must be printable ASCII; anything else in a message becomes '?'.
  if (warnings.length > 0) {
    headers.Warning = warnings.map(
      (w) => `299 - ${JSON.stringify(w).replace(/[^\x20-\x7e]/g, '?')}`,
    );
  }
  res.writeHead(code, headers);
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError): void {
  const extra: Record<string, string> = {};
  if (error.details?.retryAfterSeconds !== undefined)
    extra['Retry-After'] = String(error.details.retryAfterSeconds);
  const text = JSON.stringify(error.toStatus());
  res.writeHead(error.code, {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    ...extra,
  });
  res.end(text);
}
