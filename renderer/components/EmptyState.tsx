import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon.tsx';

export interface EmptyStateProps {
  icon: IconName;
  title: string;
  children?: ReactNode;
  tone?: 'normal' | 'danger';
  testId?: string;
}

/** What a pane or list shows instead of being blank: empty, loading, failed, disconnected. */
export function EmptyState({ icon, title, children, tone = 'normal', testId }: EmptyStateProps) {
  return (
    <div className={`empty-state empty-${tone}`} data-testid={testId}>
      <Icon name={icon} className={icon === 'spinner' ? 'empty-icon spin' : 'empty-icon'} />
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}
