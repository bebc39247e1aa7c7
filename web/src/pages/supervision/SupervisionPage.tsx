import { Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useAuth } from '../../auth/AuthProvider';
import { DepartmentDesk } from './DepartmentDesk';

// Admins' and managers' workbench (table, figures, departments) is its own chunk: a department
// account lands on this page, and its first screen carries only the desk.
const SupervisionWorkbench = lazy(() => import('./SupervisionWorkbench'));

/**
 * 督办: 卡点堵点 assigned to 责任部门 as 交办单. A department account sees only its own, replies and
 * closes them (办结); admins and managers see every one in their scope, filter them, and read the
 * month's figures per department (the 通报's 督办 section).
 */
export default function SupervisionPage() {
  const { user } = useAuth();
  if (user?.role !== 'department') {
    return (
      <Suspense fallback={null}>
        <SupervisionWorkbench />
      </Suspense>
    );
  }
  return (
    <div>
      <div className="page-head">
        <div>
          <Typography.Title level={4}>督办</Typography.Title>
          <Typography.Text type="secondary">本部门承办的交办单：回复办理情况，办结时填写办结情况。超期未办结的会通知分管领导。</Typography.Text>
        </div>
      </div>
      <DepartmentDesk />
    </div>
  );
}
