/** Dates as people read them here: 2022年4月27日, in Beijing time whatever the device's zone. */

const BEIJING = 'Asia/Shanghai';
const parts = new Intl.DateTimeFormat('en-CA', { timeZone: BEIJING, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Beijing calendar date of an instant, as YYYY-MM-DD. */
export function beijingDate(at: Date = new Date()): string {
  return parts.format(at);
}

/** YYYY-MM-DD plus n days (calendar arithmetic, no time zone involved). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return t.toISOString().slice(0, 10);
}

/** "2022-04-27" or an ISO instant → "2022年4月27日" (an instant is read in Beijing time). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const ymd = /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : beijingDate(new Date(value));
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return value;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** The Beijing date of an ISO instant or a date string, as YYYY-MM-DD. */
export function toBeijingYmd(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : beijingDate(new Date(value));
}

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: BEIJING, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** An ISO instant → "2022年4月27日 09:05", Beijing time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  return `${formatDate(value)} ${clock.format(at)}`;
}

/**
 * How long until an instant, as a countdown reads: "还剩 12 分钟", "还剩 1 小时 5 分钟",
 * "还剩 2 天 3 小时"; under a minute "还剩不到 1 分钟", and "已到期" once it has passed.
 * Minutes round up, so a wait is never shown shorter than it is.
 */
export function formatRemaining(until: string | Date, now: Date = new Date()): string {
  const ms = new Date(until).getTime() - now.getTime();
  if (Number.isNaN(ms)) return '—';
  if (ms <= 0) return '已到期';
  if (ms < 60_000) return '还剩不到 1 分钟';
  const minutes = Math.ceil(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) return `还剩 ${days} 天${hours ? ` ${hours} 小时` : ''}`;
  if (hours) return `还剩 ${hours} 小时${mins ? ` ${mins} 分钟` : ''}`;
  return `还剩 ${mins} 分钟`;
}
