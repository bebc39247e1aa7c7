import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgreementType } from './entities/signing.entity';

/** Foreign tables the signing views read: the names of the people who recorded them. */
export const READS = ['users'] as const;

/** A signing of a lead with the name of who recorded it. */
export interface SigningTimelineRow {
  id: string;
  created_at: Date;
  kind: string;
  agreement_type: AgreementType;
  amount: string;
  signed_on: string;
  display_name: string | null;
}

/** Signings as other views show them, with the names they need. */
@Injectable()
export class SigningViewsReadModel {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The signings of a lead, for its timeline. */
  timelineOf(leadId: string): Promise<SigningTimelineRow[]> {
    return this.dataSource.query(
      `SELECT s.id, s.created_at, s.kind, s.agreement_type, s.amount::text, s.signed_on::text, u.display_name FROM signings s LEFT JOIN users u ON u.id = s.created_by_id WHERE s.lead_id = $1`,
      [leadId],
    );
  }
}
