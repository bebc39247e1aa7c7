import { Inject, Injectable } from '@nestjs/common';
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
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: config.jwt.secret, algorithms: ['HS256'] });
  }

  async validate(claims: AccessClaims): Promise<AuthUser> {
    const user = await this.auth.authenticate(claims);
    if (!user) throw commonErrors('UNAUTHENTICATED');
    return user;
  }
}
