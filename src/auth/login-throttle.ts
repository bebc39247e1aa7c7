import { ExecutionContext, SetMetadata } from '@nestjs/common';

const LOGIN_RATE = 'loginRateLimited';

/** Puts a route under the per-address sign-in limit (LOGIN_RATE_PER_MINUTE). */
export const LoginRateLimited = () => SetMetadata(LOGIN_RATE, true);

/** For the `login` throttler: it counts only the routes marked above. */
export const isLoginRoute = (context: ExecutionContext): boolean => Reflect.getMetadata(LOGIN_RATE, context.getHandler()) === true;
