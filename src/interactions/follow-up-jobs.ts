/**
 * The follow-up reminder jobs an interaction schedules (FollowUpDue, FollowUpEscalate): one job
 * id per follow-up version, so a moved, done or deleted follow-up's old jobs can be removed and
 * a stale one recognised. Interactions schedule them; the reminders module runs and reconciles them.
 */
export const followUpJobId = (id: string, version: number) => `follow-up:${id}:v${version}`;
export const escalationJobId = (id: string, version: number) => `follow-up-escalate:${id}:v${version}`;

/** A follow-up set for a day (Beijing midnight) is due that morning at 08:30; a set time is kept. */
export function reminderTime(due: Date): Date {
  const beijingMs = (due.getTime() + 8 * 3600_000) % 86_400_000;
  return beijingMs === 0 ? new Date(due.getTime() + 8.5 * 3600_000) : due;
}
