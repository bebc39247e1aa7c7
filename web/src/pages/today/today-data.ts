import { api, ok } from '../../api/client';
import { prefetch, prefetched } from '../../api/prefetch';
import { currentSession } from '../../api/session';
import type { InteractionView, LeadView, NotificationView } from '../../api/views';
import { addDays, beijingDate } from '../../format/date';

export interface Today {
  followUps: InteractionView[];
  leads: LeadView[];
  notifications: NotificationView[];
  unread: number;
}

const OPEN_STAGES = new Set(['lead', 'contacted', 'site_visit', 'negotiating', 'on_hold']);
export const UPCOMING_DAYS = 7;

async function fetchToday(me: string, today: string): Promise<Today> {
  const [followUps, leads, notifications, unread] = await Promise.all([
    ok(api.GET('/api/v1/interactions', { params: { query: { participantId: me, followUpDueBefore: addDays(today, UPCOMING_DAYS + 1), limit: 100 } } })),
    ok(api.GET('/api/v1/leads', { params: { query: { ownerId: me, sort: 'updatedAt', order: 'desc', limit: 100 } } })),
    ok(api.GET('/api/v1/notifications', { params: { query: { unread: 'true', limit: 20 } } })),
    ok(api.GET('/api/v1/notifications/unread-count')),
  ]);
  return {
    followUps: followUps.items.filter((i) => i.nextFollowUpAt).sort((a, b) => a.nextFollowUpAt!.localeCompare(b.nextFollowUpAt!)),
    leads: leads.items.filter((l) => OPEN_STAGES.has(l.stage)),
    notifications: notifications.items,
    unread: unread.count,
  };
}

const keyOf = (me: string, today: string) => `today:${me}:${today}`;

/** A member's day (follow-ups due within a week, open leads, unread notifications); the first may have been asked for at start. */
export function loadToday(me: string, today: string): Promise<Today> {
  return prefetched(keyOf(me, today), () => fetchToday(me, today));
}

/** At start, on 今日's address: the stored session's day, asked for beside the session check (App.tsx). */
export function prefetchToday(): void {
  const me = currentSession()?.userId;
  const today = beijingDate();
  if (me) prefetch(keyOf(me, today), () => fetchToday(me, today));
}
