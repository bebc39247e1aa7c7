import type { NotificationView } from '../api/views';
import { canOpen, type Role } from '../layout/navigation';

/**
 * Where a record opens in the app, by the type the service names it with — a notification's
 * `linkType` or an audit entry's subject. One table for both, so a record always opens the same page.
 * Types whose page needs a second id (a signing's lead, an interaction's company) go through
 * /go/:type/:id, which asks the service (under the caller's scope) and moves on.
 */
const DETAIL: Record<string, (id: string) => string> = {
  lead: (id) => `/leads/${id}`,
  project: (id) => `/projects/${id}`,
  enterprise: (id) => `/enterprises/${id}`,
  signing: (id) => `/go/signing/${id}`,
  interaction: (id) => `/go/interaction/${id}`,
};

/** Records shown on a list page rather than a page of their own; opened only by roles with that page. */
const LIST: Record<string, string> = {
  'lead-claim': '/lead-claims',
  'signing-event': '/signing-events',
  team: '/org/teams',
  user: '/org/users',
  region: '/org/regions',
  'industry-chain': '/org/chains',
  'source-region': '/org/source-regions',
  target: '/targets',
  ranking: '/rankings',
};

/** The page a record of `type` opens for `role`; null when there is none the role may open. */
export function subjectPath(type: string | null | undefined, id: string | null | undefined, role: Role): string | null {
  if (!type || !id) return null;
  const detail = DETAIL[type];
  if (detail) return detail(id);
  const list = LIST[type];
  if (list && canOpen(role, list)) return list;
  // A member is told of a 撞单 claim without the 裁定 page: the claim's lead or company.
  if (type === 'lead-claim') return `/go/lead-claim/${id}`;
  return null;
}

/** Kinds about no single record, and the page that answers them. */
const KIND_PAGE: Partial<Record<NotificationView['kind'], string>> = {
  // The digest lists teams behind on follow-ups, idle leads and targets.
  weekly_digest: '/targets',
};

/** The page a notification opens for `role`: its subject's, else its kind's; null for none. */
export function notificationPath(n: Pick<NotificationView, 'kind' | 'linkType' | 'linkId'>, role: Role): string | null {
  const bySubject = subjectPath(n.linkType, n.linkId, role);
  if (bySubject) return bySubject;
  const page = KIND_PAGE[n.kind];
  return page && canOpen(role, page) ? page : null;
}

/** What /go/:type/:id learned from the service about a record. */
export type Fetched =
  | { type: 'signing'; leadId: string }
  | { type: 'interaction'; enterpriseId: string }
  | { type: 'lead-claim'; leadId: string | null; enterpriseId: string };

/** The page a fetched record opens: a signing its lead, an interaction its company, a claim its lead if visible, else its company. */
export function resolvedPath(f: Fetched): string {
  switch (f.type) {
    case 'signing':
      return `/leads/${f.leadId}`;
    case 'interaction':
      return `/enterprises/${f.enterpriseId}`;
    case 'lead-claim':
      return f.leadId ? `/leads/${f.leadId}` : `/enterprises/${f.enterpriseId}`;
  }
}
