// Test support: a TCP relay in front of the real RabbitMQ that a test can take down (every
// connection cut, new ones refused) and bring back, as a broker outage looks from the services.
import net from 'node:net';

export interface BrokerProxy {
  /** amqp://guest:guest@127.0.0.1:<port> */
  url: string;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startBrokerProxy(target: URL): Promise<BrokerProxy> {
  const sockets = new Set<net.Socket>();
  let isUp = true;
  const server = net.createServer((client) => {
    if (!isUp) return void client.destroy();
    const upstream = net.connect(Number(target.port || 5672), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    down() {
      isUp = false;
      for (const socket of sockets) socket.destroy();
    },
    up() {
      isUp = true;
    },
    async close() {
      isUp = false;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
