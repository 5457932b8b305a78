// Request ids: taken from X-Request-Id when it is sane, made up otherwise, echoed back and logged.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { withRequestId } from '../logging/index.ts';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  const id = incoming && SANE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  res.locals.requestId = id;
  withRequestId(id, () => next());
};
