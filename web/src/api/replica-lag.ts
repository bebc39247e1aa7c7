import { useSyncExternalStore } from 'react';

/**
 * How far behind the figures last read from a read replica are (the service's X-Replica-Lag,
 * seconds), for the header's notice. Answers not read from a replica carry no header and leave
 * it as it is: the notice is about the figures on screen.
 */
let lag = 0;
const listeners = new Set<() => void>();

/** Past this many seconds the lag is worth saying. */
export const LAG_NOTICE_SECONDS = 5;

export function noteReplicaLag(response: Response): void {
  const header = response.headers.get('X-Replica-Lag');
  if (header === null) return;
  const seconds = Number(header);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds === lag) return;
  lag = seconds;
  for (const listener of listeners) listener();
}

/** 「数据延迟约 N 秒」 past LAG_NOTICE_SECONDS, else null; minutes from two minutes on. */
export function lagNotice(seconds: number): string | null {
  if (!(seconds > LAG_NOTICE_SECONDS)) return null;
  return seconds >= 120 ? `数据延迟约 ${Math.round(seconds / 60)} 分钟` : `数据延迟约 ${Math.round(seconds)} 秒`;
}

export function useReplicaLag(): number {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => lag,
  );
}
