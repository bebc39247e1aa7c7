import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from '../../common/entity-columns';

export enum WebhookFormat {
  /** Our JSON, signed with HMAC-SHA256 of the shared secret. */
  Json = 'json',
  /** 企业微信群机器人 markdown message. */
  WeCom = 'wecom',
  /** 钉钉群机器人 markdown message. */
  DingTalk = 'dingtalk',
}

/** A webhook a user or a team receives notifications on. */
@Entity('webhook_endpoints')
@Check('ck_webhook_endpoints_owner', '(user_id IS NULL) <> (team_id IS NULL)')
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_webhook_endpoints_user_id')
  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Index('ix_webhook_endpoints_team_id')
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @Column({ type: 'varchar', length: 500 })
  url: string;

  @Column({ type: 'enum', enum: WebhookFormat, enumName: 'webhook_format', default: WebhookFormat.Json })
  format: WebhookFormat;

  /** Shared secret for the signature header; never shown again after creation. */
  @Column({ type: 'varchar', length: 128, select: false })
  secret: string;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
