import type { ProxyFault } from './fault-proxy';

/**
 * The mid-run infrastructure faults every run must end as infrastructure (exit 3, no auth code, within 60 s). The
 * counts of "after N requests" leave the CLI's preflight (3 requests) and the first checks through.
 */
export const FAULT_PROBES: readonly { readonly name: string; readonly fault: ProxyFault }[] = [
  { name: '301 on every path', fault: { kind: 'redirect-everywhere' } },
  { name: 'redirect loop', fault: { kind: 'redirect-loop' } },
  {
    name: '429 on GET /api/v1/projects',
    fault: { kind: 'status-on-route', status: 429, method: 'GET', path: '/api/v1/projects', retryAfter: '60' },
  },
  {
    name: '503 on POST /api/v1/auth/login',
    fault: { kind: 'status-on-route', status: 503, method: 'POST', path: '/api/v1/auth/login' },
  },
  { name: 'dies after 40 requests', fault: { kind: 'die-after', requests: 40 } },
  { name: 'trickles headers after 40 requests', fault: { kind: 'trickle-headers', afterRequests: 40 } },
];
