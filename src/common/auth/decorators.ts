import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthUser, Role } from './auth-user';

export const IS_PUBLIC = 'isPublic';
export const ROLES = 'roles';

/** Reachable without signing in. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the handler (otherwise 403). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** The signed-in caller. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
