import { Entity } from 'typeorm';
import { ReferenceItem } from './reference-item';

/** 产业链: the chains a city recruits for (玉米生物, 铝基循环新材料 …). */
@Entity('industry_chains')
export class IndustryChain extends ReferenceItem {}
