import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, ok } from '../../api/client';
import { usePaged } from '../../api/paged';

const NewEnterpriseDialog = lazy(() => import('./NewEnterpriseDialog'));

/** 企业库: find an enterprise by name, short name or credit code, open it, or add a new one. */
export default function EnterprisesPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const [creating, setCreating] = useState<string>();
  const list = usePaged(
    (cursor) => ok(api.GET('/api/v1/enterprises', { params: { query: { q: q || undefined, cursor, limit: 30 } } })),
    [q],
  );

  return (
    <div style={{ maxWidth: 960, margin: '0 auto' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          企业库
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(q)}>
          新增企业
        </Button>
      </Space>
      <Input.Search
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => setParams(v.trim() ? { q: v.trim() } : {}, { replace: true })}
        placeholder="企业名称、简称或信用代码"
        allowClear
        enterButton="搜索"
        size="large"
        style={{ marginBottom: 12 }}
        maxLength={100}
      />
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <List
          loading={list.loading && list.items.length === 0}
          dataSource={list.items}
          locale={{
            emptyText: q ? (
              <Space orientation="vertical">
                <span>未找到「{q}」</span>
                <Button type="primary" ghost icon={<PlusOutlined />} onClick={() => setCreating(q)}>
                  新增企业「{q}」
                </Button>
              </Space>
            ) : (
              '暂无企业'
            ),
          }}
          renderItem={(e) => (
            <List.Item key={e.id}>
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <Link to={`/enterprises/${e.id}`}>{e.name}</Link>
                    {e.tags.map((t) => (
                      <Tag key={t} color="red">
                        {t}
                      </Tag>
                    ))}
                  </Space>
                }
                description={[e.industryChainName, e.hqProvince, e.creditCode].filter(Boolean).join(' · ') || '—'}
              />
            </List.Item>
          )}
        />
        {list.hasMore && (
          <Button block onClick={list.loadMore} loading={list.loading}>
            加载更多
          </Button>
        )}
      </Card>
      {creating !== undefined && (
        <Suspense fallback={null}>
          <NewEnterpriseDialog initialName={creating} onDone={(e) => navigate(`/enterprises/${e.id}`)} onCancel={() => setCreating(undefined)} />
        </Suspense>
      )}
    </div>
  );
}
