import { Tag, Tooltip } from 'antd';
import { lagNotice, useReplicaLag } from '../api/replica-lag';

/** 「数据延迟约 N 秒」 beside the bell while the figures on screen come from a replica that lags. */
export function ReplicaLagNotice() {
  const text = lagNotice(useReplicaLag());
  if (!text) return null;
  return (
    <Tooltip title="报表与导出读取自只读副本，最近的录入可能尚未计入">
      <Tag color="warning" role="status">
        {text}
      </Tag>
    </Tooltip>
  );
}
