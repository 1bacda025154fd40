import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticator, AuthOutcome, Principal } from './authenticator';
import type { ReferenceConfig } from './config';
import { crossOriginRefusal } from './csrf';
import { preventCaching, sendInsufficientScope, sendInvalidToken, sendJson, sendMissingCredentials } from './respond';
import type { Route } from './router';

/** The protected API routes and how an authentication failure is answered over HTTP. */

const PROJECTS = [
  { id: 'p-1', name: 'Apollo', owner: 'alice' },
  { id: 'p-2', name: 'Gemini', owner: 'ada' },
];

const USERS = [
  { sub: 'alice', role: 'user' },
  { sub: 'ada', role: 'admin' },
];

type ProtectedHandler = (principal: Principal, res: ServerResponse) => void;

export function createApiRoutes(config: ReferenceConfig, authenticator: Authenticator): readonly Route[] {
  const protect =
    (handler: ProtectedHandler) =>
    async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
      preventCaching(res);
      const outcome = await authenticator.authenticate(req);
      if (outcome.kind === 'authenticated') return handler(outcome.principal, res);
      rejectUnauthenticated(config, outcome, res);
    };

  return [
    { method: 'GET', path: '/api/v1/me', handle: protect((principal, res) => sendJson(res, 200, principal)) },
    {
      method: 'GET',
      path: '/api/v1/projects',
      handle: protect((_principal, res) => sendJson(res, 200, { projects: PROJECTS })),
    },
    {
      // A cookie-authenticated state change: refused from a foreign Origin (csrf.ts).
      method: 'POST',
      path: '/api/v1/projects',
      handle: async (req, res) => {
        preventCaching(res);
        const refusal = crossOriginRefusal(req, config);
        if (refusal !== undefined) return sendJson(res, 403, { error: 'csrf', error_description: refusal });
        const outcome = await authenticator.authenticate(req);
        if (outcome.kind === 'authenticated') return sendJson(res, 201, { status: 'created' });
        rejectUnauthenticated(config, outcome, res);
      },
    },
    {
      method: 'GET',
      path: '/api/v1/admin/users',
      handle: protect((principal, res) =>
        principal.role === 'admin' ? sendJson(res, 200, { users: USERS }) : sendInsufficientScope(res),
      ),
    },
  ];
}

/**
 * Healthy: 401 with a Bearer challenge. `invalid-token-500` turns an invalid token into a 500; the jwt-lib-missing
 * faults answer every call with a 500, or with a misleading `invalid_token` 401.
 */
function rejectUnauthenticated(
  config: ReferenceConfig,
  outcome: Exclude<AuthOutcome, { kind: 'authenticated' }>,
  res: ServerResponse,
): void {
  switch (outcome.kind) {
    case 'missing':
      return sendMissingCredentials(res);
    case 'invalid':
      if (config.faults.has('invalid-token-500')) return sendJson(res, 500, { error: 'internal' });
      // `audience-drift-opaque`: a bare 401 that gives no reason, as many APIs answer.
      if (config.faults.has('audience-drift-opaque')) return sendMissingCredentials(res);
      return sendInvalidToken(res, outcome.reason);
    case 'unavailable':
      if (config.faults.has('jwt-lib-missing-401')) return sendInvalidToken(res, 'Invalid or expired token');
      return sendJson(res, 500, { error: 'JWT library not available' });
  }
}
