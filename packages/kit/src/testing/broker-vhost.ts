// A RabbitMQ virtual host of a test run's or benchmark's own. Queues are named per service
// (`booking.<consumer>`), so on the shared vhost two runs' services would compete for the same
// messages, taking and parking each other's events.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BrokerVhost {
  url: string;
  /** Why the shared vhost is used, when it is. */
  fallback?: string;
  drop(): Promise<void>;
}

/** Creates `name` with rabbitmqctl (same host); falls back to `sharedUrl` if that is not possible. */
export async function createBrokerVhost(sharedUrl: string, name: string): Promise<BrokerVhost> {
  const url = new URL(sharedUrl);
  try {
    await run('rabbitmqctl', ['add_vhost', name]);
    await run('rabbitmqctl', ['set_permissions', '-p', name, url.username, '.*', '.*', '.*']);
  } catch (err) {
    return {
      url: sharedUrl,
      fallback: `shared vhost (rabbitmqctl failed: ${(err as Error).message.split('\n')[0]})`,
      drop: async () => {},
    };
  }
  url.pathname = `/${encodeURIComponent(name)}`;
  return {
    url: url.toString(),
    drop: async () => {
      await run('rabbitmqctl', ['delete_vhost', name]).catch(() => undefined);
    },
  };
}
