// The seat map route: public, with an ETag from the seat-map version so clients revalidate cheaply.
import type { Routes } from '@marquee/kit/http';
import { etagOf, type SeatMapService } from '../domain/seat-map.service.ts';
import { problemSchema, seatMapSchema, showtimeIdParams } from './showtimes.schemas.ts';

export function addSeatMapRoutes(routes: Routes, seatMaps: SeatMapService): void {
  routes.add(
    {
      method: 'get',
      path: '/api/showtimes/{id}/seats',
      summary:
        'Every seat of a showtime with its category, prices per ticket type and state now. ' +
        'ETag is the seat-map version; send it back in If-None-Match for a 304 while nothing changed.',
      tags: ['showtimes'],
      request: { params: showtimeIdParams },
      responses: {
        200: { description: 'The seat map', schema: seatMapSchema },
        304: { description: 'Not changed since the ETag sent in If-None-Match' },
        404: { description: 'No such showtime', schema: problemSchema },
      },
    },
    async ({ params, req, res }) => {
      const result = await seatMaps.get(params.id, req.get('if-none-match'));
      // Seat states change by the second: caches may keep the map but must ask again each time.
      res.set('Cache-Control', 'no-cache');
      if (result.notModified) {
        res.set('ETag', etagOf(result.version)).status(304).end();
        return;
      }
      // Already JSON: sent as it is rather than parsed and stringified again per request.
      res.set('ETag', etagOf(result.version)).type('json').send(result.json);
    },
  );
}
