import type { TargetConfig } from '../env/target-config';
import type { CookieRoute } from '../env/cookie-env';

/** Auth routes (login, refresh, logout, signup) live on the auth URL; everything else on the API base URL. */
export function cookieRouteUrl(config: TargetConfig, route: CookieRoute): string {
  const auth = [config.login.path, config.refresh?.path, config.logoutPath, config.signupPath].includes(route.path);
  return `${auth ? config.target.authUrl : config.target.baseUrl}${route.path}`;
}

export const routeLabel = (route: CookieRoute): string => `${route.method} ${route.path}`;
