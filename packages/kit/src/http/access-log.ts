// One access-log line per request: debug for success, info for 4xx, error for 5xx or a response
// cut short. Cheap when the line is not written: pino-http built a child logger and serialised the
// request for every request, which showed in profiles of the hold path at the default info level.
import type { RequestHandler } from 'express';
import { pino } from 'pino';
import type { Logger } from '../logging/index.ts';

export function accessLog(logger: Logger, quietPaths: ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    if (quietPaths.has(req.url)) return next();
    const started = performance.now();
    const done = () => {
      res.off('finish', done);
      res.off('close', done);
      const completed = res.writableFinished;
      const status = res.statusCode;
      const level = !completed || status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          requestId: res.locals.requestId as string | undefined,
          req: pino.stdSerializers.req(req),
          res: pino.stdSerializers.res(res),
          responseTime: Math.round(performance.now() - started),
        },
        completed ? 'request completed' : 'request aborted',
      );
    };
    res.on('finish', done);
    res.on('close', done);
    next();
  };
}
