// RFC 9457 problem+json: the one place where errors become HTTP responses.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, statusOfKind, type ErrorKind, type FieldProblem } from '../errors/index.ts';
import type { Logger } from '../logging/index.ts';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

const typeOf = (kind: string) => `https://marquee.dev/problems/${kind.replace(/_/g, '-')}`;

/**
 * A problem document without sending it: for answers that are stored and sent again later
 * (idempotent replays). `kind` names the problem type, e.g. `card_declined`.
 */
export function problemDocument(
  status: number,
  kind: ErrorKind | 'internal' | (string & {}),
  detail: string,
  extra: Partial<ProblemDocument> = {},
): ProblemDocument {
  return { type: typeOf(kind), title: titles[status] ?? 'Error', status, detail, ...extra };
}

/**
 * Answers with a problem document. Takes any node:http response (Express's included), so the edge,
 * which has no framework, answers its own failures the same way.
 */
export function sendProblem(
  res: ServerResponse,
  status: number,
  kind: ErrorKind | 'internal' | 'bad_gateway',
  detail: string,
  extra: Partial<ProblemDocument> = {},
): void {
  // Too late for a problem document: end the response so the client sees it was cut short.
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const req = res.req as (IncomingMessage & { originalUrl?: string }) | undefined;
  const instance = req?.originalUrl ?? req?.url;
  const body = problemDocument(status, kind, detail, { instance, ...extra });
  const requestId = res.getHeader('x-request-id');
  if (typeof requestId === 'string') body.requestId = requestId;
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/problem+json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** Errors raised by body-parser carry a status and a type; map the ones a client can cause. */
function fromBodyParser(err: unknown): AppError | undefined {
  if (typeof err !== 'object' || err === null || !('type' in err)) return undefined;
  const type = (err as { type?: unknown }).type;
  if (type === 'entity.parse.failed') {
    return new AppError('invalid_input', 'The request body is not valid JSON.', {
      errors: [{ field: 'body', message: 'malformed JSON' }],
    });
  }
  if (type === 'entity.too.large') {
    return new AppError(
      'payload_too_large',
      'The request body is larger than this service accepts.',
    );
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError('invalid_input', 'The request body encoding is not supported.');
  }
  return undefined;
}

export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const appError = err instanceof AppError ? err : fromBodyParser(err);
    if (appError) {
      if (appError.retryAfterSeconds !== undefined) {
        res.setHeader('Retry-After', String(Math.max(1, Math.ceil(appError.retryAfterSeconds))));
      }
      if (appError.status >= 500) logger.warn({ err: appError }, appError.message);
      sendProblem(res, appError.status, appError.kind, appError.message, {
        ...(appError.errors ? { errors: appError.errors } : {}),
        ...appError.extensions,
      });
      return;
    }
    logger.error({ err, method: req.method, url: req.originalUrl }, 'unhandled error');
    sendProblem(res, 500, 'internal', 'Something went wrong on our side. The error was logged.');
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendProblem(res, statusOfKind.not_found, 'not_found', `No route for ${req.method} ${req.path}.`);
};
