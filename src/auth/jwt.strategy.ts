import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthUser } from '../common/auth/auth-user';
import { commonErrors } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { parseAccessPayload } from './access-claims';
import { AuthService } from './auth.service';

const fromBearerHeader = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * The bearer token, when its payload is at least meant as a JSON object. jsonwebtoken reads
 * `payload.nbf` before any check of its own, so a correctly signed token whose payload is
 * `null` throws a TypeError there: a 500 instead of a 401. Any other shape is left to it and
 * to parseAccessPayload.
 */
function bearerToken(req: Request): string | null {
  const token = fromBearerHeader(req);
  const payload = token?.split('.')[1];
  if (!token || !payload) return token;
  return Buffer.from(payload, 'base64url').toString('utf8').trimStart().startsWith('{') ? token : null;
}

/**
 * Bearer access tokens. Each request re-reads the user and its sign-in, so logout, revocation,
 * deactivation or a password change take effect at once rather than when the token expires.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  private readonly maxTtl: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    // A KeyObject, made once: given the string, jsonwebtoken first tries it as a PEM public key
    // (createPublicKey throws) on every verify — 28 % of a company search's CPU.
    const key = createSecretKey(Buffer.from(config.jwt.secret));
    super({ jwtFromRequest: bearerToken, secretOrKey: key as unknown as Buffer, algorithms: ['HS256'] });
    this.maxTtl = config.jwt.accessTtl;
  }

  /** Called with the payload of a token whose signature (and `exp`, when present) checked out. */
  async validate(payload: unknown): Promise<AuthUser> {
    const claims = parseAccessPayload(payload, this.maxTtl);
    if (!claims) throw commonErrors('UNAUTHENTICATED');
    const user = await this.auth.authenticate(claims);
    if (!user) throw commonErrors('UNAUTHENTICATED');
    return user;
  }
}
