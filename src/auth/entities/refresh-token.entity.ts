import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from '../../common/entity-columns';
import { User } from '../../users/entities/user.entity';

/**
 * One refresh token. Tokens rotate on every use; all tokens descending from one sign-in
 * share a family, so presenting an already-rotated token revokes the whole family.
 */
@Entity('refresh_tokens')
// Every request checks its sign-in is alive (a live token in the family): this index holds only
// live tokens, so the check reads one entry however many times the sign-in has rotated.
@Index('ix_refresh_tokens_live_family', ['familyId'], { where: 'revoked_at IS NULL' })
export class RefreshToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_refresh_tokens_user_id')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  /** The sign-in: the `sid` of its access tokens. */
  @Column({ type: 'uuid' })
  familyId: string;

  /** The user's token version at issue: a later bump (password, deactivation) ends this sign-in. */
  @Column({ type: 'integer' })
  tokenVersion: number;

  /** SHA-256 of the token's secret part; the secret itself is never stored. */
  @Column({ type: 'bytea' })
  secretHash: Buffer;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  replacedById: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  userAgent: string | null;

  @CreatedAt()
  createdAt: Date;
}
