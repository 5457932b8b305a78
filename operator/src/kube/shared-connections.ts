// One connection pool for every call to the API server. @kubernetes/client-node 2.0.1 builds a
// new undici Agent for each request whenever the cluster has TLS settings (a CA in-cluster, or
// skip-verify), so no connection is ever reused: a TCP (and TLS) handshake per call, which was
// most of the operator's CPU under load. The first Agent made is kept and handed to every later
// request; the cluster's TLS settings do not change while the process runs (credentials that do,
// the service-account token, travel in a header, not in the Agent).
import type { KubeConfig } from '@kubernetes/client-node';

type Context = Parameters<KubeConfig['applySecurityAuthentication']>[0];
type Dispatcher = NonNullable<ReturnType<Context['getDispatcher']>>;

export function shareConnections(kubeConfig: KubeConfig): KubeConfig {
  const apply = kubeConfig.applySecurityAuthentication.bind(kubeConfig);
  let shared: Dispatcher | undefined;
  kubeConfig.applySecurityAuthentication = async (context: Context) => {
    await apply(context);
    const made = context.getDispatcher();
    if (!made) return;
    if (!shared) {
      shared = made;
      return;
    }
    if (made !== shared) {
      context.setDispatcher(shared);
      // Never used: closing it only releases what its constructor set up.
      void made.close().catch(() => {});
    }
  };
  return kubeConfig;
}
