/**
 * The roles of the product (队员 / 队长·分管领导 / 招商局管理员), and 责任部门: an organisation unit's
 * account (发改委, 自然资源局 …) that works the 交办单 assigned to it and nothing else (RolesGuard).
 */
export enum Role {
  Admin = 'admin',
  Manager = 'manager',
  Member = 'member',
  Department = 'department',
}

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Admin]: '管理员',
  [Role.Manager]: '管理者',
  [Role.Member]: '招商队员',
  [Role.Department]: '责任部门',
};

/** The signed-in caller, as the guards put it on the request. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /**
   * The version of who sees what when this request's session was checked (access_scope_versions),
   * under which a process may keep the user's resolved scope; absent outside a request.
   */
  scopeVersion?: string;
}
