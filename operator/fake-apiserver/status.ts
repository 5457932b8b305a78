// metav1.Status failures: every error the fake answers has the reason and code a real server uses.

export interface StatusCause {
  reason?: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Thrown anywhere in a request; the router turns it into the Status body and code. */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly details: StatusDetails | undefined;

  constructor(code: number, reason: string, message: string, details?: StatusDetails) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): StatusBody {
    const body: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    // Some real failures carry no reason (the storage layer's 500s); an empty one is left out.
    if (this.reason === '') delete body.reason;
    if (this.details) body.details = this.details;
    return body;
  }
}

/** Names an object the way error messages do: `showtimes.cinema.marquee.dev "x"`. */
export interface Target {
  group: string;
  plural: string;
  kind: string;
  name: string;
}

function qualified(t: Target): string {
  return t.group === '' ? t.plural : `${t.plural}.${t.group}`;
}

export function notFound(t: Target): ApiError {
  return new ApiError(404, 'NotFound', `${qualified(t)} "${t.name}" not found`, {
    name: t.name,
    group: t.group,
    kind: t.plural,
  });
}

export function alreadyExists(t: Target): ApiError {
  return new ApiError(409, 'AlreadyExists', `${qualified(t)} "${t.name}" already exists`, {
    name: t.name,
    group: t.group,
    kind: t.plural,
  });
}

/** The optimistic-concurrency failure: a write carried a stale metadata.resourceVersion. */
export function conflict(
  t: Target,
  why = 'the object has been modified; please apply your changes to the latest version and try again',
): ApiError {
  return new ApiError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(t)} "${t.name}": ${why}`,
    {
      name: t.name,
      group: t.group,
      kind: t.plural,
    },
  );
}

export function invalid(t: Target, causes: StatusCause[]): ApiError {
  const listed = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const summary = listed.length === 1 ? listed[0] : `[${listed.join(', ')}]`;
  const kind = t.group === '' ? t.kind : `${t.kind}.${t.group}`;
  return new ApiError(422, 'Invalid', `${kind} "${t.name}" is invalid: ${summary}`, {
    name: t.name,
    group: t.group,
    kind: t.kind,
    causes,
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, 'BadRequest', message);
}

export function expired(message: string): ApiError {
  return new ApiError(410, 'Expired', message);
}

export function methodNotAllowed(method: string): ApiError {
  return new ApiError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
  );
}

export function unsupportedMediaType(message: string): ApiError {
  return new ApiError(415, 'UnsupportedMediaType', message);
}

export function unauthorized(): ApiError {
  return new ApiError(401, 'Unauthorized', 'Unauthorized');
}

export function resourceNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}

export function internalError(message: string): ApiError {
  return new ApiError(500, 'InternalError', `Internal error occurred: ${message}`);
}

/** The reason a real server pairs with a status code, for injected failures. */
export function reasonForCode(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Expired',
    415: 'UnsupportedMediaType',
    422: 'Invalid',
    429: 'TooManyRequests',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  return reasons[code] ?? 'Unknown';
}
