import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { loadTargetConfig } from '../../helpers/env/load-env';
import { PROJECT_ROOT } from '../../helpers/env/paths';
import { isHmacAlg } from '../../helpers/token/signing-key';
import { resolveHarnessSecret } from '../../helpers/token/harness-key';

/**
 * Every annotated example in env/examples/ is a valid target description once the values a user keeps outside the
 * file are given (placeholders here), and its HS* secret chain resolves (seed 001's JSON field included).
 */
const DIR = join(PROJECT_ROOT, 'env', 'examples');
const EXAMPLES = readdirSync(DIR)
  .filter((file) => file.endsWith('.env'))
  .map((file) => file.slice(0, -'.env'.length));

const SECRET = 'placeholder-secret-0123456789abcdef-0123456789abcdef';
const PLACEHOLDERS: Record<string, string> = {
  TEST_USER_PASSWORD: 'placeholder-password',
  // Minting RS256 needs a key only the provider holds; a team with a test key names it here.
  SIGNING_KEY_CHAIN: 'PLACEHOLDER_PRIVATE_KEY',
  SECRET_KEY: SECRET,
  DJANGO_SECRET_KEY: SECRET,
  JWT_SECRET_KEY: SECRET,
  JWT_SECRET_JSON: JSON.stringify({ signingKey: SECRET }),
};

test('there is an example for each stack the README promises', () => {
  expect(EXAMPLES.sort()).toEqual([
    'auth0',
    'cognito',
    'cognito-app-login',
    'django-simplejwt',
    'entra-id',
    'fastapi-oauth2',
    'flask-jwt-extended',
    'keycloak',
    'lambda-secrets-manager',
  ]);
});

for (const name of EXAMPLES) {
  test(`env/examples/${name}.env validates and explains its keys`, () => {
    const { config, variables } = loadTargetConfig({ envName: name, envDir: DIR, processVariables: PLACEHOLDERS });
    expect(config.target.reference).toBe('none');
    const text = readFileSync(join(DIR, `${name}.env`), 'utf8');
    expect(text.split('\n')[0], 'the file starts with what it describes').toMatch(/^# \S/);
    if (isHmacAlg(config.jwt.alg)) {
      const resolution = resolveHarnessSecret(config, variables);
      expect(resolution.secret ? new TextDecoder().decode(resolution.secret.reveal()) : undefined).toBe(SECRET);
    }
  });
}

test('the shapes the examples promise are what the harness reads', () => {
  const load = (name: string) =>
    loadTargetConfig({ envName: name, envDir: DIR, processVariables: PLACEHOLDERS }).config;
  const cognito = load('cognito');
  expect(cognito.login).toMatchObject({
    encoding: 'json',
    usernameField: 'AuthParameters.USERNAME',
    tokenJsonField: 'AuthenticationResult.IdToken',
    headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
    // Derived from COGNITO_APP_CLIENT_ID: the client id is written once.
    extraFields: { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: '1example23456789abcdefghij' },
  });
  // The pool described once: issuer, JWKS URL, audience and InitiateAuth's endpoint derived.
  expect(cognito.jwt).toMatchObject({
    alg: 'RS256',
    issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE',
    audience: '1example23456789abcdefghij',
  });
  expect(cognito.oauth?.jwksUrl).toBe(
    'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE/.well-known/jwks.json',
  );
  expect(cognito.target.authUrl).toBe('https://cognito-idp.eu-west-1.amazonaws.com');
  expect(cognito.signup).toMatchObject({
    url: 'https://cognito-idp.eu-west-1.amazonaws.com/',
    headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' },
    extraFields: { ClientId: '1example23456789abcdefghij' },
    refusedMessage: 'SignUp is not permitted',
    atIdentityProvider: true,
  });
  // The app's own login route, the ID token in a cookie only, verified against the pool's JWKS.
  const appLogin = load('cognito-app-login');
  expect(appLogin.login).toMatchObject({ path: '/api/v1/auth/login', tokenCookie: 'enceladus_id_token' });
  expect(appLogin.target.authUrl).toBe('https://api.staging.example.com');
  expect(appLogin.tokenTransport).toEqual({ mode: 'cookie', cookie: 'enceladus_id_token' });
  expect(appLogin.jwt.issuer).toBe('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE');
  expect(appLogin.oauth).toMatchObject({
    jwksUrl: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_EXAMPLE/.well-known/jwks.json',
    issuer: undefined,
    tokenEndpoint: undefined,
  });
  expect(load('fastapi-oauth2').login.encoding).toBe('form');
  expect(load('keycloak').refresh?.body).toMatchObject({ field: 'refresh_token', encoding: 'form' });
  expect(load('django-simplejwt').refresh?.body).toMatchObject({ field: 'refresh', encoding: 'json' });
  expect(load('flask-jwt-extended').csrf).toEqual({
    mode: 'double-submit',
    cookie: 'csrf_access_token',
    refreshCookie: 'csrf_refresh_token',
    header: 'X-CSRF-TOKEN',
  });
  // Quoted, the JSON field survives dotenv's comment rule.
  expect(load('lambda-secrets-manager').secret.chain).toEqual(['JWT_SECRET_JSON#signingKey']);
});
