import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthUser, Role } from './auth-user';

export const IS_PUBLIC = 'isPublic';
export const ROLES = 'roles';
export const DEPARTMENT_REACHABLE = 'departmentReachable';

/** Reachable without signing in. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the handler (otherwise 403). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/**
 * A 责任部门 account may call this handler (or every handler of this controller). Everything not
 * so marked is refused to them with 403 by RolesGuard: their account, notifications and 督办 only.
 */
export const DepartmentReachable = () => SetMetadata(DEPARTMENT_REACHABLE, true);

/** The signed-in caller. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
