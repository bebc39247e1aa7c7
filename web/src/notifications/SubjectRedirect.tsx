import { Button, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { Navigate, useParams } from 'react-router';
import { api, ok } from '../api/client';
import { ApiError } from '../api/errors';
import { Notice } from '../layout/Notice';
import { resolvedPath, type Fetched } from './subject-route';

/** Asks the service (under the caller's scope) what a signing, an interaction or a claim belongs to. */
async function fetchSubject(type: string | undefined, id: string): Promise<Fetched> {
  switch (type) {
    case 'signing': {
      const s = await ok(api.GET('/api/v1/signings/{id}', { params: { path: { id } } }));
      return { type, leadId: s.leadId };
    }
    case 'interaction': {
      const i = await ok(api.GET('/api/v1/interactions/{id}', { params: { path: { id } } }));
      return { type, enterpriseId: i.enterprise.id };
    }
    case 'lead-claim': {
      const c = await ok(api.GET('/api/v1/lead-claims/{id}', { params: { path: { id } } }));
      return { type, leadId: c.leadId, enterpriseId: c.enterprise.id };
    }
    default:
      throw new ApiError({ statusCode: 404, code: 'NOT_FOUND', message: '链接无效' });
  }
}

/** /go/:type/:id — a notification's subject whose page needs another id: look it up, then go there. */
export default function SubjectRedirect() {
  const { type, id } = useParams();
  const [path, setPath] = useState<string>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    let cancelled = false;
    fetchSubject(type, id ?? '').then(
      (f) => !cancelled && setPath(resolvedPath(f)),
      (e: unknown) => !cancelled && setError(e instanceof ApiError ? e : new ApiError({ statusCode: 0, code: 'CLIENT_ERROR', message: String(e) })),
    );
    return () => {
      cancelled = true;
    };
  }, [type, id]);
  if (path) return <Navigate to={path} replace />;
  if (error) {
    const gone = error.status === 404 || error.status === 403;
    return <Notice title={gone ? '记录不存在或无权查看' : '无法打开'} text={gone ? '该记录可能已被删除，或不在您的查看范围内。' : error.message} action={<Button href="/notifications">返回通知</Button>} />;
  }
  return <Spin size="large" className="page-spin" />;
}
