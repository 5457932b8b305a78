import { describe, expect, it } from 'vitest';
import { routeFor } from './gateway-routes.ts';

describe('gateway route table', () => {
  it.each([
    ['/api/auth/login', 'identity'],
    ['/api/users/8/role', 'identity'],
    ['/.well-known/jwks.json', 'identity'],
    ['/api/movies', 'catalog'],
    ['/api/theaters/1/screens', 'catalog'],
    ['/api/showtimes/1/seats', 'showtimes'],
    ['/api/holds/1', 'showtimes'],
    ['/api/tickets/check-in', 'booking'],
    ['/ws', 'notification'],
  ])('sends %s to %s', (path, service) => {
    expect(routeFor(path)?.service).toBe(service);
  });

  it('matches whole path segments only', () => {
    expect(routeFor('/api/authority')).toBeUndefined();
    expect(routeFor('/api')).toBeUndefined();
    expect(routeFor('/')).toBeUndefined();
  });
});
