import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

/**
 * cognito-local (a Cognito user-pool emulator from npm) started on loopback in its own temp folder, with a pool that
 * allows admin-created users only, two app clients (the app's and another one) and a confirmed test user. Everything
 * is set up through Cognito's own JSON 1.1 API, as the AWS SDK would.
 */
export interface CognitoLocalPool {
  /** Where the Cognito API answers (InitiateAuth, SignUp). */
  readonly endpoint: string;
  /** The issuer's base: cognito-local's IssuerDomain (the issuer is `<base>/<poolId>`). */
  readonly issuerBase: string;
  readonly poolId: string;
  readonly issuer: string;
  readonly jwksUrl: string;
  readonly clientId: string;
  readonly otherClientId: string;
  readonly user: string;
  readonly password: string;
  call(target: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

export async function startCognitoLocal(): Promise<CognitoLocalPool> {
  const dir = mkdtempSync(join(tmpdir(), 'authcanary-cognito-local-'));
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  mkdirSync(join(dir, '.cognito'));
  // cognito-local derives its issuer from PORT/HOST at load; the config pins it to the port it really listens on.
  writeFileSync(join(dir, '.cognito', 'config.json'), JSON.stringify({ TokenConfig: { IssuerDomain: endpoint } }));
  const child = spawn(process.execPath, [require.resolve('cognito-local/lib/bin/start.js')], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await ready(child, /Cognito Local running on/);
  } catch (error) {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const call = async (target: string, body: unknown) => {
    const response = await fetch(`${endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const created = await call('CreateUserPool', {
    PoolName: 'seed000',
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
  });
  const poolId = (created.json['UserPool'] as { Id: string }).Id;
  const client = async (name: string) =>
    (
      (
        await call('CreateUserPoolClient', {
          UserPoolId: poolId,
          ClientName: name,
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        })
      ).json['UserPoolClient'] as { ClientId: string }
    ).ClientId;
  const clientId = await client('pwa');
  const otherClientId = await client('admin-console');
  const user = 'qa-canary@example.com';
  const password = 'Canary-Passw0rd!';
  await call('AdminCreateUser', {
    UserPoolId: poolId,
    Username: user,
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: user }],
  });
  await call('AdminSetUserPassword', { UserPoolId: poolId, Username: user, Password: password, Permanent: true });
  const issuer = `${endpoint}/${poolId}`;
  return {
    endpoint,
    issuerBase: endpoint,
    poolId,
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    clientId,
    otherClientId,
    user,
    password,
    call,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function ready(child: ChildProcess, line: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    // Kept reading after the start line: the emulator logs every request, and a full pipe would stall it.
    child.stdout?.on('data', (chunk: Buffer) => {
      if (output.length < 10_000) output += chunk.toString();
      if (line.test(output)) resolve();
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`cognito-local exited (${code}): ${output.slice(-500)}`)));
  });
}
