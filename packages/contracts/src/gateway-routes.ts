// The gateway's route table, in one place: the local edge serves it and the Kong ingress
// configuration is generated from it. A prefix matches itself and anything below it.

export type ServiceName =
  'identity' | 'catalog' | 'showtimes' | 'booking' | 'payments' | 'notification' | 'reporting';

export interface GatewayRoute {
  service: ServiceName;
  prefixes: readonly string[];
  /** Upgrades to WebSocket are allowed on these prefixes. */
  websocket?: boolean;
}

export const gatewayRoutes: readonly GatewayRoute[] = [
  { service: 'identity', prefixes: ['/api/auth', '/api/users', '/.well-known/jwks.json'] },
  { service: 'catalog', prefixes: ['/api/movies', '/api/theaters'] },
  { service: 'showtimes', prefixes: ['/api/showtimes', '/api/holds'] },
  { service: 'booking', prefixes: ['/api/bookings', '/api/tickets'] },
  { service: 'payments', prefixes: ['/api/payments'] },
  { service: 'notification', prefixes: ['/api/notifications', '/ws'], websocket: true },
  { service: 'reporting', prefixes: ['/api/reports'] },
];

/** The service that answers `path`, by the longest matching prefix. */
export function routeFor(path: string): GatewayRoute | undefined {
  let best: { route: GatewayRoute; length: number } | undefined;
  for (const route of gatewayRoutes) {
    for (const prefix of route.prefixes) {
      const matches =
        path === prefix || path.startsWith(prefix + '/') || path.startsWith(prefix + '?');
      if (matches && (!best || prefix.length > best.length))
        best = { route, length: prefix.length };
    }
  }
  return best?.route;
}
