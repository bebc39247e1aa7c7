import { api, ok } from '../api/client';

/** Said whenever notifications are marked read here, so the bell's count follows at once. */
const CHANGED = 'crm:notifications-changed';

export function announceUnreadChanged(): void {
  window.dispatchEvent(new Event(CHANGED));
}

export function onUnreadChanged(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  return () => window.removeEventListener(CHANGED, listener);
}

export async function unreadCount(): Promise<number> {
  return (await ok(api.GET('/api/v1/notifications/unread-count'))).count;
}

export async function markRead(id: string): Promise<void> {
  await ok(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
  announceUnreadChanged();
}

export async function markAllRead(): Promise<number> {
  const { updated } = await ok(api.POST('/api/v1/notifications/read-all'));
  announceUnreadChanged();
  return updated;
}
