import type { ReactNode } from 'react';

/** A full-page notice (403, 404, a crashed page) without antd's Result and its illustrations, which would weigh on every first screen. */
export function Notice({ title, text, action }: { title: string; text?: string; action?: ReactNode }) {
  return (
    <div className="notice" role="alert">
      <h2>{title}</h2>
      {text && <p>{text}</p>}
      {action}
    </div>
  );
}
