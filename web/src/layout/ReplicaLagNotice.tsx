import type { CSSProperties } from 'react';
import { lagNotice, useReplicaLag } from '../api/replica-lag';

/** antd's warning tag colours, the text darkened to 4.5:1 on its background. */
const STYLE: CSSProperties = {
  color: '#ad4e00',
  background: '#fff7e6',
  border: '1px solid #ffd591',
  borderRadius: 4,
  padding: '0 7px',
  fontSize: 12,
  lineHeight: '20px',
  whiteSpace: 'nowrap',
};

/**
 * 「数据延迟约 N 秒」 beside the bell while the figures on screen come from a replica that lags.
 * Plain markup rather than antd's Tag and Tooltip: those pulled shared chunks into every first screen.
 */
export function ReplicaLagNotice() {
  const text = lagNotice(useReplicaLag());
  if (!text) return null;
  return (
    <span role="status" style={STYLE} title="报表与导出读取自只读副本，最近的录入可能尚未计入">
      {text}
    </span>
  );
}
