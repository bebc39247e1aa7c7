import { Column, Entity } from 'typeorm';
import { ReferenceItem } from './reference-item';

/** 招商重点区域: where investors are sought (京津冀, 长三角, 珠三角 …). */
@Entity('source_regions')
export class SourceRegion extends ReferenceItem {
  /** The main focus (主攻方向), e.g. 京津冀 for Tongliao. */
  @Column({ type: 'boolean', default: false })
  isPrimary: boolean;
}
