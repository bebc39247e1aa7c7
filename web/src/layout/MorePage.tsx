import { RightOutlined } from '@ant-design/icons';
import { Card } from 'antd';
import { Link } from 'react-router';
import { useAuth } from '../auth/AuthProvider';
import { navFor, onTabBar } from './navigation';

/** 更多 on a phone: the role's pages that are not on the bottom bar. */
export default function MorePage() {
  const { user } = useAuth();
  if (!user) return null;
  const items = navFor(user.role).filter((i) => !onTabBar(i, user.role));
  return (
    <Card variant="borderless" title="更多" styles={{ body: { padding: 0 } }}>
      <nav className="more-list" aria-label="更多">
        {items.map((i) => (
          <Link key={i.path} to={i.path}>
            {i.icon}
            <span style={{ flex: 1 }}>{i.label}</span>
            <RightOutlined />
          </Link>
        ))}
      </nav>
    </Card>
  );
}
