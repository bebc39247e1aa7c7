import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { commonErrors } from '../errors/app-error';
import { AuthUser, Role } from './auth-user';
import { DEPARTMENT_REACHABLE, IS_PUBLIC, ROLES } from './decorators';

/**
 * Enforces `@Roles(...)`: a signed-in caller without the role gets 403. The one place that decides
 * what a 责任部门 account reaches: only handlers marked `@DepartmentReachable()` (deny by default,
 * so no lead, company, project or report route opens to them by accident); inside those, the
 * service limits them to their own department's 交办单 (404 for any other).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user?.role === Role.Department && !this.reflector.getAllAndOverride<boolean>(DEPARTMENT_REACHABLE, targets)) throw commonErrors('FORBIDDEN');
    if (!roles?.length) return true;
    if (user && roles.includes(user.role)) return true;
    throw commonErrors('FORBIDDEN');
  }
}
