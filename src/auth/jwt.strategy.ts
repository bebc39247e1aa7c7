import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AuthUser } from '../common/auth/auth-user';
import { commonErrors } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AccessClaims, AuthService } from './auth.service';

/**
 * Bearer access tokens. Each request re-reads the user, so deactivation or a password
 * change takes effect at once rather than when the token expires.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    // A KeyObject, made once: given the string, jsonwebtoken first tries it as a PEM public key
    // (createPublicKey throws) on every verify — 28 % of a company search's CPU.
    const key = createSecretKey(Buffer.from(config.jwt.secret));
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: key as unknown as Buffer, algorithms: ['HS256'] });
  }

  async validate(claims: AccessClaims): Promise<AuthUser> {
    const user = await this.auth.authenticate(claims);
    if (!user) throw commonErrors('UNAUTHENTICATED');
    return user;
  }
}
