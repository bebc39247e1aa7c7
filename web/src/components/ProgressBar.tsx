import type { ProgressStatus } from '../format/metrics';
import { STATUS_LABEL } from '../format/metrics';

/**
 * Completion against 序时进度: the bar is the share done (green done, blue on track, red
 * behind), the dark line the share of the period already gone.
 */
export function ProgressBar({ completion, elapsed, status }: { completion: string; elapsed: string; status: ProgressStatus }) {
  const done = Math.max(0, Math.min(100, Number(completion) || 0));
  const line = Math.max(0, Math.min(100, Number(elapsed) || 0));
  return (
    <div className="progress-cell" data-testid="progress-bar" data-status={status}>
      <div className="progress-track" role="img" aria-label={`完成 ${completion}%，序时进度 ${elapsed}%，${STATUS_LABEL[status]}`}>
        <div className={`progress-fill ${status}`} style={{ width: `${done}%` }} />
        <div className="progress-line" style={{ left: `${line}%` }} title={`序时进度 ${elapsed}%`} />
      </div>
      <span className="progress-pct">{completion}%</span>
    </div>
  );
}

export function ProgressLegend({ elapsed }: { elapsed: string }) {
  return (
    <span className="legend">
      <span>
        <span className="legend-swatch" style={{ background: '#52c41a' }} />
        已完成
      </span>
      <span>
        <span className="legend-swatch" style={{ background: '#1677ff' }} />
        正常（不低于序时进度）
      </span>
      <span>
        <span className="legend-swatch" style={{ background: '#ff4d4f' }} />
        滞后
      </span>
      <span>
        <span className="legend-line" />
        序时进度 {elapsed}%
      </span>
    </span>
  );
}
