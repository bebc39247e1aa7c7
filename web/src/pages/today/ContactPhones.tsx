import { Space } from 'antd';
import type { InteractionView } from '../../api/views';
import './today.css';

/** The contacts met, each with a tap-to-call link for every number on record. */
export function ContactPhones({ contacts }: { contacts: InteractionView['contacts'] }) {
  const reachable = contacts.filter((c) => c.mobile || c.landline);
  if (reachable.length === 0) return null;
  return (
    <Space wrap size={[12, 4]} className="contact-phones">
      {reachable.flatMap((c) =>
        [c.mobile, c.landline]
          .filter((n): n is string => !!n)
          .map((n) => (
            <a key={`${c.id}:${n}`} href={`tel:${n.replace(/[^\d+]/g, '')}`} className="tel-link" data-testid="tel-link">
              拨打 {c.name}
              {c.title ? `（${c.title}）` : ''} {n}
            </a>
          )),
      )}
    </Space>
  );
}
